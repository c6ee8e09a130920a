package dev.plumbline.history;

import java.time.Instant;
import java.util.List;

/**
 * One rollout's state, persisted in the cluster ({@link RolloutStore}) so an agent that restarts mid-rollout resumes
 * it where it stood, and shown by {@code GET /api/v1/environments/{env}/rollouts}.
 *
 * <pre>
 * {"name": "web", "namespace": "shop", "strategy": "canary", "phase": "Progressing", "step": 2, "weight": 50,
 *  "stableRevision": "0f3e…", "canaryRevision": "1a2b…", "stepStartedAt": "…", "inconclusive": 0,
 *  "analysis": [{"at": "…", "check": "podHealth", "value": 0.0, "threshold": 0.0, "passed": true, "message": "…"}],
 *  "message": "step 2 of 3 (50%): held 12s of 30s", "cleanedUp": false, "updatedAt": "…"}
 * </pre>
 *
 * @param step           1-based index of the step being held (0 before the first); {@code steps.size()+1} never occurs
 * @param weight         the new version's pod share (or traffic weight) at this step, in percent
 * @param stableRevision the revision the stable version comes from (the last applied before the rollout began)
 * @param canaryRevision the revision being rolled out
 * @param stepStartedAt  when the current step began: the interval counts from here, across restarts
 * @param inconclusive   inconclusive looks in a row at this step
 * @param analysis       the newest measurement of every check
 * @param cleanedUp      everything the rollout created is gone (only then is a finished rollout left alone)
 */
public record RolloutRecord(String name, String namespace, String strategy, Phase phase, int step, int weight,
                            String stableRevision, String canaryRevision, Instant stepStartedAt, int inconclusive,
                            List<Check> analysis, String message, boolean cleanedUp, Instant updatedAt) {

    public RolloutRecord {
        analysis = analysis == null ? List.of() : List.copyOf(analysis);
    }

    /** The phases of the API contract. */
    public enum Phase {
        Progressing, Paused, Promoted, RolledBack, Failed;

        /**
         * A rollout in charge: the new version runs beside the stable one. {@code Failed} is a check that failed with
         * {@code autoRollback: false}: both versions keep serving until someone promotes or aborts.
         */
        public boolean active() {
            return this == Progressing || this == Paused || this == Failed;
        }
    }

    /** One check's measurement: {@code passed} {@code null} is inconclusive. */
    public record Check(Instant at, String check, Double value, Double threshold, Boolean passed, String message) {
    }

    public boolean active() {
        return phase.active();
    }

    public RolloutRecord withPhase(Phase value, String why) {
        return new RolloutRecord(name, namespace, strategy, value, step, weight, stableRevision, canaryRevision,
                stepStartedAt, inconclusive, analysis, why, cleanedUp, updatedAt);
    }

    public RolloutRecord atStep(int index, int percent, Instant since) {
        return new RolloutRecord(name, namespace, strategy, Phase.Progressing, index, percent, stableRevision,
                canaryRevision, since, 0, analysis, message, cleanedUp, updatedAt);
    }

    public RolloutRecord withAnalysis(List<Check> checks, int inconclusiveInARow, String why) {
        return new RolloutRecord(name, namespace, strategy, phase, step, weight, stableRevision, canaryRevision,
                stepStartedAt, inconclusiveInARow, checks, why, cleanedUp, updatedAt);
    }

    public RolloutRecord withCleanedUp(boolean value) {
        return new RolloutRecord(name, namespace, strategy, phase, step, weight, stableRevision, canaryRevision,
                stepStartedAt, inconclusive, analysis, message, value, updatedAt);
    }

    public RolloutRecord withUpdatedAt(Instant value) {
        return new RolloutRecord(name, namespace, strategy, phase, step, weight, stableRevision, canaryRevision,
                stepStartedAt, inconclusive, analysis, message, cleanedUp, value);
    }
}
