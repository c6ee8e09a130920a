package dev.plumbline.history;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Each environment's durable control state ({@link EnvironmentControl}: pin, approval, last applied revision) in a
 * ConfigMap {@code plumbline-state-<env>} of the state namespace, as readable JSON. Updates are compare-and-swap on
 * the resourceVersion with re-read and re-apply, so an API call pinning a revision and the reconciler recording an
 * applied one never overwrite each other.
 */
public final class EnvironmentStateStore {

    private static final Logger LOG = LoggerFactory.getLogger(EnvironmentStateStore.class);
    private static final String STATE = "control";

    private final StateObjects objects;
    private final Options options;

    /**
     * @param maxAttempts how often {@link #update} tries before giving up on contended state
     * @param clock       stamps {@link EnvironmentControl#updatedAt()}
     */
    public record Options(int maxAttempts, Clock clock) {

        public Options {
            Objects.requireNonNull(clock, "clock");
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be positive: " + maxAttempts);
            }
        }

        public static Options defaults() {
            return new Options(10, Clock.systemUTC());
        }
    }

    public EnvironmentStateStore(KubernetesClient client, String stateNamespace) {
        this(client, stateNamespace, Options.defaults());
    }

    public EnvironmentStateStore(KubernetesClient client, String stateNamespace, Options options) {
        this.objects = new StateObjects(client, stateNamespace);
        this.options = options;
    }

    static String name(String environment) {
        return "plumbline-state-" + environment;
    }

    /** The stored state, or {@link EnvironmentControl#empty()} if none was ever written. */
    public EnvironmentControl load(String environment) {
        StateObjects.checkEnvironment("Control state", environment);
        return read(environment, objects.get(subject(environment), name(environment)));
    }

    /**
     * Loads, applies {@code change}, stores the result stamped with the current time; on a lost race loads again and
     * re-applies. A change that leaves every revision as it was writes nothing and returns the stored state.
     */
    public EnvironmentControl update(String environment, UnaryOperator<EnvironmentControl> change) {
        StateObjects.checkEnvironment("Control state", environment);
        for (int attempt = 1; attempt <= options.maxAttempts(); attempt++) {
            ConfigMap current = objects.get(subject(environment), name(environment));
            EnvironmentControl before = read(environment, current);
            EnvironmentControl after = Objects.requireNonNull(change.apply(before), "change result");
            if (after.sameRevisions(before)) {
                return before;
            }
            EnvironmentControl stamped = after.withUpdatedAt(options.clock().instant());
            String json = HistoryCodec.json(new HistoryCodec.ControlDoc(HistoryCodec.FORMAT_VERSION, environment, stamped));
            ConfigMap written = objects.write(subject(environment), objects.configMap(name(environment), environment,
                    STATE, Map.of(HistoryCodec.CONTROL_KEY, json), null,
                    current == null ? null : current.getMetadata().getResourceVersion()));
            if (written != null) {
                return stamped;
            }
            LOG.debug("Control state {} update attempt {} lost a race; retrying", environment, attempt);
            StateObjects.backOff(attempt);
        }
        throw new HistoryConflictException(subject(environment) + " update failed: " + objects.describe(name(environment))
                + " was changed by other writers " + options.maxAttempts() + " times in a row", null);
    }

    private EnvironmentControl read(String env, ConfigMap stored) {
        if (stored == null) {
            return EnvironmentControl.empty();
        }
        String json = stored.getData() == null ? null : stored.getData().get(HistoryCodec.CONTROL_KEY);
        if (json == null) {
            throw corrupt(env, "data." + HistoryCodec.CONTROL_KEY + " is missing", null);
        }
        HistoryCodec.ControlDoc doc;
        try {
            doc = HistoryCodec.control(json);
        } catch (IOException e) {
            throw corrupt(env, "data." + HistoryCodec.CONTROL_KEY + " does not decode (" + e.getMessage() + ")", e);
        }
        if (!env.equals(doc.environment())) {
            throw corrupt(env, "it belongs to environment " + doc.environment(), null);
        }
        return doc.control();
    }

    private HistoryCorruptException corrupt(String env, String problem, Throwable cause) {
        return new HistoryCorruptException(subject(env), objects.describe(name(env)), problem, cause);
    }

    private static String subject(String env) {
        return "Control state " + env;
    }
}
