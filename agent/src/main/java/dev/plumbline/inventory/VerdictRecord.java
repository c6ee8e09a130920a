package dev.plumbline.inventory;

import dev.plumbline.resource.ResourceKey;

import java.util.List;
import java.util.Objects;

/**
 * The InSync verdicts of one environment as a run of the agent confirmed them, persisted beside its inventory so that
 * the next run (a restarted agent, a new leader or shard owner) need not dry-run an object that has not changed since
 * (decision 0047). Each entry is a claim a forced server-side-apply dry-run made: "applying this desired object to the
 * live object with this uid and content changes nothing". It is only taken up for that very object and content, and
 * only under the same {@link Basis}; anything else is dry-run as on a cold start.
 *
 * @param environment     the environment's name
 * @param basis           what the dry-runs' answers depended on besides the two objects
 * @param entries         one per object, in key order
 * @param resourceVersion the stored object's resourceVersion, {@code null} if never stored
 */
public record VerdictRecord(String environment, Basis basis, List<Entry> entries, String resourceVersion) {

    public VerdictRecord {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(basis, "basis");
        entries = List.copyOf(entries);
    }

    /**
     * What a dry-run's answer depends on besides the desired and the live object: the API server's build (its
     * defaulting, validation and server-side-apply merge rules: {@code /version} gitVersion and gitCommit), the field
     * manager the dry-run applies as, and the identity it is sent as (an impersonated ServiceAccount, or empty for the
     * agent's own). A record made under another basis is ignored as a whole.
     */
    public record Basis(String server, String fieldManager, String identity) {

        public Basis {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(fieldManager, "fieldManager");
            identity = identity == null ? "" : identity;
        }
    }

    /**
     * One InSync verdict: the desired object's hash (its body, ignore rules and environment), and the live object it
     * held for: uid, resourceVersion and claim hash (its content without status and server metadata, and who owns
     * which of its fields: all a dry-run reads of it).
     */
    public record Entry(ResourceKey key, String apiVersion, String desiredHash, String uid, String resourceVersion,
                        String claim) {

        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(apiVersion, "apiVersion");
            Objects.requireNonNull(desiredHash, "desiredHash");
            Objects.requireNonNull(uid, "uid");
            Objects.requireNonNull(resourceVersion, "resourceVersion");
            Objects.requireNonNull(claim, "claim");
        }

        /** Whether {@code other} claims the same verdict for the same object and content (the resourceVersion aside). */
        public boolean sameClaim(Entry other) {
            return key.equals(other.key) && apiVersion.equals(other.apiVersion) && desiredHash.equals(other.desiredHash)
                    && uid.equals(other.uid) && claim.equals(other.claim);
        }
    }

    public VerdictRecord withResourceVersion(String value) {
        return new VerdictRecord(environment, basis, entries, value);
    }
}
