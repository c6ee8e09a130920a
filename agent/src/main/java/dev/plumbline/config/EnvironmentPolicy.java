package dev.plumbline.config;

import java.time.Duration;
import java.util.List;

/**
 * One environment's policy, as parsed from {@code environments/<env>/plumbline.yaml} ({@link PolicyParser}).
 *
 * @param namespace         target namespace for namespaced objects that name none; {@code null}: such objects are an error
 * @param sync              when and how the environment converges
 * @param restrictions      what Git may do in this cluster
 * @param ignoreDifferences compare-time exclusions
 * @param promotion         take a revision only after another environment ran it healthy for a while; {@code null}: none
 * @param rollouts          how new pod templates of named Deployments roll out (canary, blue-green), by name
 */
public record EnvironmentPolicy(String namespace, Sync sync, Restrictions restrictions, List<IgnoreRule> ignoreDifferences,
                                Promotion promotion, List<Rollout> rollouts) {

    public EnvironmentPolicy {
        sync = sync == null ? Sync.defaults() : sync;
        restrictions = restrictions == null ? Restrictions.unrestricted() : restrictions;
        ignoreDifferences = ignoreDifferences == null ? List.of() : List.copyOf(ignoreDifferences);
        rollouts = rollouts == null ? List.of() : List.copyOf(rollouts);
    }

    /** A policy without rollouts. */
    public EnvironmentPolicy(String namespace, Sync sync, Restrictions restrictions, List<IgnoreRule> ignoreDifferences,
                             Promotion promotion) {
        this(namespace, sync, restrictions, ignoreDifferences, promotion, List.of());
    }

    /** The rollout of Deployment {@code name}, if one is configured. */
    public java.util.Optional<Rollout> rollout(String name) {
        return rollouts.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** A policy without promotion. */
    public EnvironmentPolicy(String namespace, Sync sync, Restrictions restrictions, List<IgnoreRule> ignoreDifferences) {
        this(namespace, sync, restrictions, ignoreDifferences, null);
    }

    public static EnvironmentPolicy defaults() {
        return new EnvironmentPolicy(null, Sync.defaults(), Restrictions.unrestricted(), List.of(), null, List.of());
    }

    public EnvironmentPolicy withSync(Sync value) {
        return new EnvironmentPolicy(namespace, value, restrictions, ignoreDifferences, promotion, rollouts);
    }

    public EnvironmentPolicy withPromotion(Promotion value) {
        return new EnvironmentPolicy(namespace, sync, restrictions, ignoreDifferences, value, rollouts);
    }

    public EnvironmentPolicy withRollouts(List<Rollout> value) {
        return new EnvironmentPolicy(namespace, sync, restrictions, ignoreDifferences, promotion, value);
    }

    /**
     * The {@code promotion} section: this environment takes revision R only once environment {@code after} (of the
     * same source) has been Synced and Healthy at R for {@code soak}.
     *
     * @param after the environment that runs a revision first (a folder under {@code environments/})
     * @param soak  how long {@code after} must have run the revision Synced and Healthy; zero: as soon as it is
     * @param line  the line of {@code after} in {@code plumbline.yaml}, for errors found after parsing (0: unknown)
     */
    public record Promotion(String after, Duration soak, int line) {

        public Promotion {
            soak = soak == null ? Duration.ZERO : soak;
        }

        /** Same gate, wherever it is written: the line is not part of what an approver approves. */
        public boolean sameGate(Promotion other) {
            return other != null && after.equals(other.after) && soak.equals(other.soak);
        }
    }

    /**
     * The {@code sync} section.
     *
     * @param auto            new revisions are applied as soon as fetched; {@code false} is the approval gate
     * @param prune           delete objects that left Git (guarded)
     * @param selfHeal        revert live drift without a Git change
     * @param suspend         apply and prune nothing; drift is still reported
     * @param allowEmpty      an empty render may prune everything
     * @param maxPrunePercent with {@code maxPruneCount}: a larger prune needs {@code confirmPrune}
     * @param maxPruneCount   see {@code maxPrunePercent}
     * @param waitTimeout     how long a wave waits for health before the sync fails
     * @param rollbackOnDegraded a sync of a new revision whose health turns Degraded within {@code waitTimeout}
     *                        re-applies the last applied (healthy) revision, and the bad one waits for a new commit
     */
    public record Sync(boolean auto, boolean prune, boolean selfHeal, boolean suspend, boolean allowEmpty,
                       int maxPrunePercent, int maxPruneCount, Duration waitTimeout, boolean rollbackOnDegraded) {

        /** Without automatic rollback. */
        public Sync(boolean auto, boolean prune, boolean selfHeal, boolean suspend, boolean allowEmpty,
                    int maxPrunePercent, int maxPruneCount, Duration waitTimeout) {
            this(auto, prune, selfHeal, suspend, allowEmpty, maxPrunePercent, maxPruneCount, waitTimeout, false);
        }

        public static Sync defaults() {
            return new Sync(true, true, true, false, false, 30, 5, Duration.ofMinutes(5), false);
        }
    }

    /**
     * The {@code restrictions} section.
     *
     * @param namespaces    globs ({@code *} and {@code ?}) of namespaces namespaced objects may live in; {@code null}: any
     * @param clusterScoped cluster-scoped kinds allowed; {@code null}: any; empty: none
     */
    public record Restrictions(List<String> namespaces, List<String> clusterScoped) {

        public Restrictions {
            namespaces = namespaces == null ? null : List.copyOf(namespaces);
            clusterScoped = clusterScoped == null ? null : List.copyOf(clusterScoped);
        }

        public static Restrictions unrestricted() {
            return new Restrictions(null, null);
        }
    }

    /**
     * One {@code ignoreDifferences} entry: objects matched by group/kind/namespace/name (absent = any) and the fields
     * to leave alone, as JSON pointers or field paths ({@code paths}), or every field last written by {@code managers}.
     */
    public record IgnoreRule(String group, String kind, String namespace, String name, List<String> paths, List<String> managers) {

        public IgnoreRule {
            paths = paths == null ? List.of() : List.copyOf(paths);
            managers = managers == null ? List.of() : List.copyOf(managers);
        }

        public boolean matches(String objGroup, String objKind, String objNamespace, String objName) {
            return (group == null || group.equals(objGroup == null ? "" : objGroup))
                    && (kind == null || kind.equals(objKind))
                    && (namespace == null || namespace.equals(objNamespace))
                    && (name == null || name.equals(objName));
        }
    }
}
