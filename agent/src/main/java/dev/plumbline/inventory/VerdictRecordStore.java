package dev.plumbline.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.resource.ResourceKey;
import dev.plumbline.state.StateDocuments;
import dev.plumbline.state.StateNamespace;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes {@link VerdictRecord}s: one ConfigMap per environment, {@code plumbline-verdicts-<env>}, in the
 * state namespace, beside the inventory (format: package-info). The record is an optimisation, never a source of
 * truth: a record that cannot be read, does not decode or belongs elsewhere is ignored with a log line, never an error;
 * a write that fails or loses a race is logged and dropped (the next change writes again). A record whose compressed
 * document would exceed {@link #MAX_BYTES} is not written (an environment that large dry-runs every object after a
 * restart, as before).
 */
public final class VerdictRecordStore {

    private static final Logger LOG = LoggerFactory.getLogger(VerdictRecordStore.class);

    static final int FORMAT_VERSION = 1;
    static final String KEY = "verdicts.json.gz";
    /** Compressed bytes; base64 makes it 683 KiB, well below the 1 MiB object limit. About 4,500 entries. */
    static final int MAX_BYTES = 512 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The stored document; entries with short field names, since there may be thousands. */
    record Doc(int formatVersion, String environment, String server, String fieldManager, String identity,
               List<EntryDoc> entries) {
    }

    /** apiVersion, kind, namespace (absent: cluster-scoped), name, desired hash, uid, resourceVersion, claim hash. */
    record EntryDoc(String v, String k, String ns, String n, String d, String u, String rv, String c) {
    }

    private final KubernetesClient client;
    private final String namespace;
    private final StateNamespace stateNamespace;

    public VerdictRecordStore(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        this.stateNamespace = new StateNamespace(client, namespace);
    }

    static String name(String environment) {
        return "plumbline-verdicts-" + environment;
    }

    /** The stored record; empty when there is none or it cannot be used (logged). One GET. */
    public Optional<VerdictRecord> load(String environment) {
        String where = stateNamespace.describe(name(environment));
        ConfigMap stored;
        try {
            stored = client.configMaps().inNamespace(namespace).withName(name(environment)).get();
        } catch (KubernetesClientException e) {
            LOG.warn("{}: verdict record {} read failed, every object is dry-run: {}", environment, where, e.getMessage());
            return Optional.empty();
        }
        if (stored == null) {
            return Optional.empty();
        }
        try {
            Map<String, String> binary = stored.getBinaryData();
            String data = binary == null ? null : binary.get(KEY);
            if (data == null) {
                throw new IllegalArgumentException("binaryData." + KEY + " is missing");
            }
            Doc doc = JSON.treeToValue(StateDocuments.versioned(StateDocuments.gunzipTree(JSON,
                    Base64.getDecoder().decode(data)), FORMAT_VERSION), Doc.class);
            if (!environment.equals(doc.environment())) {
                throw new IllegalArgumentException("it belongs to environment " + doc.environment());
            }
            List<VerdictRecord.Entry> entries = doc.entries().stream().map(VerdictRecordStore::entry).toList();
            return Optional.of(new VerdictRecord(environment, new VerdictRecord.Basis(doc.server(), doc.fieldManager(),
                    doc.identity()), entries, stored.getMetadata().getResourceVersion()));
        } catch (Exception e) { // anything at all: the record is a hint, and a bad one is no record
            LOG.warn("{}: verdict record {} ignored, every object is dry-run: it does not decode ({})", environment, where,
                    e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Stores {@code record}, replacing the stored one if it still has {@code record.resourceVersion()} ({@code null}:
     * none exists yet). At most one write; a failure is logged, not thrown.
     *
     * @return the record as stored (its new resourceVersion), or empty when nothing was written
     */
    public Optional<VerdictRecord> save(VerdictRecord record) {
        String env = record.environment();
        String where = stateNamespace.describe(name(env));
        byte[] bytes = StateDocuments.gzipJson(JSON, doc(record));
        if (bytes.length > MAX_BYTES) {
            LOG.info("{}: verdict record {} not written: {} entries take {} compressed bytes, more than {}", env, where,
                    record.entries().size(), bytes.length, MAX_BYTES);
            return Optional.empty();
        }
        ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName(name(env)).withNamespace(namespace)
                .withResourceVersion(record.resourceVersion()).withLabels(StateNamespace.labels("verdicts", env))
                .addToAnnotations("plumbline.dev/verdict-entries", String.valueOf(record.entries().size()))
                .endMetadata().addToBinaryData(KEY, Base64.getEncoder().encodeToString(bytes)).build();
        try {
            ConfigMap written = record.resourceVersion() == null
                    ? client.configMaps().inNamespace(namespace).resource(cm).create()
                    : client.configMaps().inNamespace(namespace).resource(cm).update();
            return Optional.of(record.withResourceVersion(written.getMetadata().getResourceVersion()));
        } catch (KubernetesClientException e) {
            LOG.warn("{}: verdict record {} write failed, the next change writes it again: {}", env, where, e.getMessage());
            return Optional.empty();
        }
    }

    private static Doc doc(VerdictRecord record) {
        List<EntryDoc> entries = record.entries().stream().map(e -> new EntryDoc(e.apiVersion(), e.key().kind(),
                e.key().namespace(), e.key().name(), e.desiredHash(), e.uid(), e.resourceVersion(), e.claim())).toList();
        VerdictRecord.Basis basis = record.basis();
        return new Doc(FORMAT_VERSION, record.environment(), basis.server(), basis.fieldManager(), basis.identity(), entries);
    }

    private static VerdictRecord.Entry entry(EntryDoc d) {
        ResourceKey key = ResourceKey.of(ResourceKey.groupOf(d.v()), d.k(), d.ns(), d.n());
        return new VerdictRecord.Entry(key, d.v(), d.d(), d.u(), d.rv(), d.c());
    }
}
