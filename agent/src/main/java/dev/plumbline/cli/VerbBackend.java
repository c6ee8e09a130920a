package dev.plumbline.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the verbs ask of Plumbline, the same whether through a running agent's API ({@link AgentBackend}) or the
 * cluster directly ({@link ClusterBackend}). Answers are JSON shaped as the API answers them, so {@code -o json} prints
 * the same document either way and the text views read one shape. Failures are {@link VerbException}s (or the
 * exceptions of reading Git and the cluster), naming what failed.
 */
interface VerbBackend extends AutoCloseable {

    /**
     * A sync naming a revision: approve it ({@code pin} false; it must be the branch head), or hold the environment
     * there until resumed ({@code pin} true, a rollback). The API's answer: {@code {changeSet, report, record}}.
     */
    JsonNode sync(String environment, String revision, boolean pin);

    /** Deletes the pin (the environment follows its branch again); the environment's control state after it. */
    JsonNode unpin(String environment);

    /** Past syncs, newest first. */
    JsonNode history(String environment);

    /** Environment reports without per-object entries: every environment's, or {@code environment}'s alone. */
    JsonNode status(String environment);

    /** The environment's rollouts as recorded in the cluster: the API's {@code GET …/rollouts} answer. */
    JsonNode rollouts(String environment);

    /** Promotes ({@code promote}) or aborts rollout {@code name} now: {@code {rollout, sync}}. */
    JsonNode decideRollout(String environment, String name, boolean promote);

    @Override
    void close();
}
