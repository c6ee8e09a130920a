package dev.plumbline.history;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every environment's sync history, the newest {@link Options#maxRecords()} syncs (1,000), in one ConfigMap per environment
 * ({@code plumbline-history-<env>}, format: see package-info). Appends are compare-and-swap on the ConfigMap's
 * resourceVersion: a writer that lost the race re-reads and re-appends, so concurrent appends all land.
 */
public final class HistoryStore {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryStore.class);
    private static final String STATE = "history";

    private final StateObjects objects;
    private final Options options;

    /**
     * @param maxRecords          syncs kept per environment (default 1,000); older ones are dropped on append
     * @param maxMessageChars     texts (message, health message, commit subject) of the newest records are cut here
     * @param detailedRecords     how many of the newest records keep texts up to {@code maxMessageChars}
     * @param compactMessageChars older records keep this much of each text: what failed stays readable, the full
     *                            text of a sync from weeks ago does not cost the newest ones their room
     * @param maxBytes            compressed size the history must fit (default 512 KiB, about 683 KiB as base64 in
     *                            the ConfigMap, far below the 1 MiB object limit); past it the oldest records go first
     * @param maxAttempts         how often {@link #append} tries before giving up on a contended history
     */
    public record Options(int maxRecords, int maxMessageChars, int detailedRecords, int compactMessageChars,
                          int maxBytes, int maxAttempts) {

        /** 1 MiB objects hold at most this much base64 of compressed history, with room for the metadata. */
        static final int MAX_BYTES_LIMIT = 700 * 1024;

        public Options {
            if (maxRecords < 1 || maxMessageChars < 1 || detailedRecords < 1 || compactMessageChars < 1
                    || maxAttempts < 1 || maxBytes < 1024 || maxBytes > MAX_BYTES_LIMIT) {
                throw new IllegalArgumentException("history options must be positive (maxBytes 1 KiB.."
                        + MAX_BYTES_LIMIT / 1024 + " KiB): " + maxRecords + ", " + maxMessageChars + ", "
                        + detailedRecords + ", " + compactMessageChars + ", " + maxBytes + ", " + maxAttempts);
            }
        }

        public static Options defaults() {
            return new Options(1000, 4096, 50, 256, 512 * 1024, 10);
        }

        public Options withMaxRecords(int n) {
            return new Options(n, maxMessageChars, detailedRecords, compactMessageChars, maxBytes, maxAttempts);
        }

        public Options withMaxBytes(int bytes) {
            return new Options(maxRecords, maxMessageChars, detailedRecords, compactMessageChars, bytes, maxAttempts);
        }

        public Options withMaxAttempts(int n) {
            return new Options(maxRecords, maxMessageChars, detailedRecords, compactMessageChars, maxBytes, n);
        }
    }

    public HistoryStore(KubernetesClient client, String stateNamespace) {
        this(client, stateNamespace, Options.defaults());
    }

    public HistoryStore(KubernetesClient client, String stateNamespace, Options options) {
        this.objects = new StateObjects(client, stateNamespace);
        this.options = options;
    }

    static String name(String environment) {
        return "plumbline-history-" + environment;
    }

    /** The environment's syncs, newest first; empty if it never synced. */
    public List<SyncRecord> list(String environment) {
        return load(environment).records();
    }

    /** The kept syncs and what compaction remembers of older ones (for {@link Dora}). */
    public SyncHistory load(String environment) {
        StateObjects.checkEnvironment("History", environment);
        return read(environment, objects.get(subject(environment), name(environment))).history();
    }

    /** The newest sync, if any. */
    public Optional<SyncRecord> latest(String environment) {
        return list(environment).stream().findFirst();
    }

    /**
     * Records a sync under the next id of its environment, compacting and dropping the oldest beyond
     * {@link Options#maxRecords()} (see {@link HistoryCodec#append}).
     *
     * @return the record as stored: with its id, texts cut to {@link Options#maxMessageChars()}
     * @throws HistoryCorruptException if the stored history does not decode (it is never overwritten blindly)
     */
    public SyncRecord append(SyncRecord record) {
        return record(record).record();
    }

    /** A stored record and what it meant for delivery, judged against the history it joined. */
    public record Recorded(SyncRecord record, Deployments.Role role) {
    }

    /** {@link #append}, also telling whether the sync was a deployment ({@link Deployments}). */
    public Recorded record(SyncRecord record) {
        String env = record.environment();
        StateObjects.checkEnvironment("History", env);
        for (int attempt = 1; attempt <= options.maxAttempts(); attempt++) {
            ConfigMap current = objects.get(subject(env), name(env));
            HistoryCodec.HistoryDoc before = read(env, current);
            HistoryCodec.Encoded next = HistoryCodec.encode(HistoryCodec.append(before, record, options), options.maxBytes());
            if (next.doc().records().size() < Math.min(options.maxRecords(), before.records().size() + 1)) {
                LOG.warn("History {}: kept {} records instead of {} to stay under {} compressed bytes", env,
                        next.doc().records().size(), options.maxRecords(), options.maxBytes());
            }
            ConfigMap written = objects.write(subject(env), objects.configMap(name(env), env, STATE, null,
                    Map.of(HistoryCodec.HISTORY_KEY, Base64.getEncoder().encodeToString(next.gzip())),
                    current == null ? null : current.getMetadata().getResourceVersion()));
            if (written != null) {
                SyncRecord stored = next.doc().records().get(0);
                return new Recorded(stored, Deployments.roleOf(before.baselineRevision(), before.records(), stored));
            }
            LOG.debug("History {} append attempt {} lost a race; retrying", env, attempt);
            StateObjects.backOff(attempt);
        }
        throw new HistoryConflictException(subject(env) + " append failed: " + objects.describe(name(env))
                + " was changed by other writers " + options.maxAttempts() + " times in a row", null);
    }

    private HistoryCodec.HistoryDoc read(String env, ConfigMap stored) {
        if (stored == null) {
            return HistoryCodec.HistoryDoc.empty(env);
        }
        Map<String, String> binary = stored.getBinaryData();
        String data = binary == null ? null : binary.get(HistoryCodec.HISTORY_KEY);
        if (data == null) {
            throw corrupt(env, "binaryData." + HistoryCodec.HISTORY_KEY + " is missing", null);
        }
        HistoryCodec.HistoryDoc doc;
        try {
            doc = HistoryCodec.gunzip(Base64.getDecoder().decode(data));
        } catch (IOException | IllegalArgumentException e) {
            throw corrupt(env, "binaryData." + HistoryCodec.HISTORY_KEY + " does not decode (" + e.getMessage() + ")", e);
        }
        if (!env.equals(doc.environment())) {
            throw corrupt(env, "it belongs to environment " + doc.environment(), null);
        }
        if (doc.records().stream().anyMatch(Objects::isNull)) {
            throw corrupt(env, "a record is null", null);
        }
        return doc;
    }

    private HistoryCorruptException corrupt(String env, String problem, Throwable cause) {
        return new HistoryCorruptException(subject(env), objects.describe(name(env)), problem, cause);
    }

    private static String subject(String env) {
        return "History " + env;
    }
}
