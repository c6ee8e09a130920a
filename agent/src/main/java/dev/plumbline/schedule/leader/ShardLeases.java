package dev.plumbline.schedule.leader;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sharding Leases ({@code coordination.k8s.io/v1}, served from Kubernetes 1.14) in the Lease namespace: one
 * membership Lease per replica ({@code <lease-name>-member-<identity>}, renewed every retry period) and one Lease per
 * environment ({@code <lease-name>-env-<environment>}, whose {@code holderIdentity} owns it; written only when it
 * changes hands). Labelled so each kind is one LIST; annotated with the identity or environment the name was derived
 * from. Every change of holder is a compare-and-swap on the resourceVersion: of two replicas taking one environment,
 * one gets a 409.
 */
final class ShardLeases {

    static final String ROLE = "plumbline.dev/lease-role";
    static final String GROUP = "plumbline.dev/lease-group";
    static final String KEY = "plumbline.dev/lease-for";
    static final String MEMBER = "member";
    static final String ENVIRONMENT = "environment";

    private final KubernetesClient client;
    private final String namespace;
    private final String group;
    private final int durationSeconds;

    ShardLeases(KubernetesClient client, ElectionOptions options) {
        this.client = client;
        this.namespace = options.leaseNamespace();
        this.group = options.leaseName();
        this.durationSeconds = (int) Math.max(1, options.leaseDuration().toSeconds());
    }

    static String memberLease(String group, String identity) {
        return group + "-member-" + dnsName(identity);
    }

    static String environmentLease(String group, String environment) {
        return group + "-env-" + dnsName(environment);
    }

    /** A DNS-1123 form of {@code value}; a short hash keeps two values that map to one form apart. */
    static String dnsName(String value) {
        String clean = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
        if (clean.equals(value) && clean.length() <= 200) {
            return clean;
        }
        String hash = HexFormat.of().formatHex(java.util.Arrays.copyOf(sha256(value), 4));
        return (clean.length() > 190 ? clean.substring(0, 190) : clean) + "-" + hash;
    }

    private static byte[] sha256(String value) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The single leader's Lease ({@code plumbline.ha.mode: leader}) of the same name, if any. */
    Lease leaderLease() {
        return client.leases().inNamespace(namespace).withName(group).get();
    }

    List<Lease> list(String role) {
        return client.leases().inNamespace(namespace).withLabel(ROLE, role).withLabel(GROUP, group).list().getItems();
    }

    /** What a Lease was made for: the member's identity or the environment's name. */
    static String key(Lease lease) {
        Map<String, String> a = lease.getMetadata().getAnnotations();
        return a == null ? null : a.get(KEY);
    }

    static String holder(Lease lease) {
        String h = lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
        return h == null || h.isBlank() ? null : h;
    }

    /** Creates a Lease held by {@code holder}; {@code null} when another replica created it first (409). */
    Lease create(String role, String name, String key, String holder) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        Map<String, String> labels = new HashMap<>(Map.of(ROLE, role, GROUP, group, "app.kubernetes.io/managed-by", "plumbline"));
        Lease lease = new Lease();
        lease.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels)
                .withAnnotations(Map.of(KEY, key)).build());
        LeaseSpec spec = new LeaseSpec();
        spec.setHolderIdentity(holder);
        spec.setAcquireTime(now);
        spec.setRenewTime(now);
        spec.setLeaseDurationSeconds(durationSeconds);
        spec.setLeaseTransitions(0);
        lease.setSpec(spec);
        try {
            return client.leases().inNamespace(namespace).resource(lease).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Writes {@code lease} with {@code holder} ({@code null}: released) and a fresh renewTime, only if it is unchanged
     * since it was read (its resourceVersion); {@code null} when another replica wrote it meanwhile (409) or deleted it.
     */
    Lease swap(Lease lease, String holder) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        LeaseSpec spec = lease.getSpec() == null ? new LeaseSpec() : lease.getSpec();
        String before = holder(lease);
        spec.setHolderIdentity(holder == null ? "" : holder);
        spec.setRenewTime(now);
        spec.setLeaseDurationSeconds(durationSeconds);
        if (holder != null && !holder.equals(before)) {
            spec.setAcquireTime(now);
            spec.setLeaseTransitions(spec.getLeaseTransitions() == null ? 1 : spec.getLeaseTransitions() + 1);
        }
        lease.setSpec(spec);
        try {
            return client.leases().inNamespace(namespace).resource(lease).update(); // PUT with its resourceVersion
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 || e.getCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    void delete(Lease lease) {
        client.leases().inNamespace(namespace).withName(lease.getMetadata().getName()).delete();
    }
}
