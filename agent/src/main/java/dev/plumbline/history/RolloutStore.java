package dev.plumbline.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each environment's rollouts ({@link RolloutRecord}) in a ConfigMap {@code plumbline-rollouts-<env>} of the state
 * namespace, one readable JSON document per rollout name. The rollout's state lives in the cluster, not in the agent's
 * memory: an agent that restarts (or a new leader) resumes each rollout at its step, with its interval counted from
 * when the step began. Writes are compare-and-swap on the resourceVersion, re-read on a lost race.
 */
public final class RolloutStore {

    private static final String STATE = "rollouts";
    private static final String KEY = "rollouts.json";
    private static final int ATTEMPTS = 10;

    private final StateObjects objects;
    private final Clock clock;

    public RolloutStore(KubernetesClient client, String stateNamespace) {
        this(client, stateNamespace, Clock.systemUTC());
    }

    public RolloutStore(KubernetesClient client, String stateNamespace, Clock clock) {
        this.objects = new StateObjects(client, stateNamespace);
        this.clock = clock;
    }

    static String name(String environment) {
        return "plumbline-rollouts-" + environment;
    }

    /** Every rollout recorded for the environment, by name (empty when none ever ran). */
    public Map<String, RolloutRecord> load(String environment) {
        StateObjects.checkEnvironment("Rollouts", environment);
        return decode(environment, objects.get(subject(environment), name(environment)));
    }

    /** Stores {@code record} under its name, stamped now; other rollouts' records are kept as stored. */
    public RolloutRecord save(String environment, RolloutRecord record) {
        StateObjects.checkEnvironment("Rollouts", environment);
        RolloutRecord stamped = record.withUpdatedAt(clock.instant());
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            ConfigMap current = objects.get(subject(environment), name(environment));
            Map<String, RolloutRecord> all = new TreeMap<>(decode(environment, current));
            all.put(record.name(), stamped);
            ConfigMap written = objects.write(subject(environment), objects.configMap(name(environment), environment,
                    STATE, Map.of(KEY, encode(environment, all)), null,
                    current == null ? null : current.getMetadata().getResourceVersion()));
            if (written != null) {
                return stamped;
            }
            StateObjects.backOff(attempt);
        }
        throw new HistoryConflictException(subject(environment) + " update failed: " + objects.describe(name(environment))
                + " was changed by other writers " + ATTEMPTS + " times in a row", null);
    }

    private Map<String, RolloutRecord> decode(String environment, ConfigMap stored) {
        String json = stored == null || stored.getData() == null ? null : stored.getData().get(KEY);
        if (json == null) {
            return Map.of();
        }
        try {
            return new LinkedHashMap<>(HistoryCodec.JSON.readValue(json, new TypeReference<Map<String, RolloutRecord>>() {
            }));
        } catch (JsonProcessingException e) {
            throw new HistoryCorruptException(subject(environment), objects.describe(name(environment)),
                    "data." + KEY + " does not decode (" + e.getOriginalMessage() + ")", e);
        }
    }

    private String encode(String environment, Map<String, RolloutRecord> all) {
        try {
            return HistoryCodec.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(all);
        } catch (JsonProcessingException e) {
            throw new HistoryException(subject(environment) + " encode failed: " + e.getOriginalMessage(), e);
        }
    }

    private static String subject(String environment) {
        return "Rollouts " + environment;
    }
}
