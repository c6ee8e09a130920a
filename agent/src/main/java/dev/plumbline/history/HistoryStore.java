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
 * Every environment's sync history, the newest {@link Options#maxRecords()} syncs, in one ConfigMap per environment
 * ({@code plumbline-history-<env>}, format: see package-info). Appends are compare-and-swap on the ConfigMap's
 * resourceVersion: a writer that lost the race re-reads and re-appends, so concurrent appends all land.
 */
public final class HistoryStore {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryStore.class);
    private static final String STATE = "history";

    private final StateObjects objects;
    private final Options options;

    /**
     * @param maxRecords      syncs kept per environment; older ones are dropped on append
     * @param maxMessageChars longer messages are cut, so that 50 records stay far below the 1 MiB object limit
     * @param maxAttempts     how often {@link #append} tries before giving up on a contended history
     */
    public record Options(int maxRecords, int maxMessageChars, int maxAttempts) {

        public Options {
            if (maxRecords < 1 || maxMessageChars < 1 || maxAttempts < 1) {
                throw new IllegalArgumentException("history options must be positive: " + maxRecords + ", "
                        + maxMessageChars + ", " + maxAttempts);
            }
        }

        public static Options defaults() {
            return new Options(50, 4096, 10);
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
        StateObjects.checkEnvironment("History", environment);
        return read(environment, objects.get(subject(environment), name(environment))).records();
    }

    /** The newest sync, if any. */
    public Optional<SyncRecord> latest(String environment) {
        return list(environment).stream().findFirst();
    }

    /**
     * Records a sync under the next id of its environment, dropping the oldest beyond {@link Options#maxRecords()}.
     *
     * @return the record as stored: with its id, messages cut to {@link Options#maxMessageChars()}
     * @throws HistoryCorruptException if the stored history does not decode (it is never overwritten blindly)
     */
    public SyncRecord append(SyncRecord record) {
        String env = record.environment();
        StateObjects.checkEnvironment("History", env);
        for (int attempt = 1; attempt <= options.maxAttempts(); attempt++) {
            ConfigMap current = objects.get(subject(env), name(env));
            HistoryCodec.HistoryDoc next = HistoryCodec.append(read(env, current), record, options.maxRecords(),
                    options.maxMessageChars());
            ConfigMap written = objects.write(subject(env), objects.configMap(name(env), env, STATE, null,
                    Map.of(HistoryCodec.HISTORY_KEY, Base64.getEncoder().encodeToString(HistoryCodec.gzip(next))),
                    current == null ? null : current.getMetadata().getResourceVersion()));
            if (written != null) {
                return next.records().get(0);
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
