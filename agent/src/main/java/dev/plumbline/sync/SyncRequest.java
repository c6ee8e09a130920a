package dev.plumbline.sync;

import dev.plumbline.config.EnvironmentPolicy;
import dev.plumbline.diff.DriftEntry;
import dev.plumbline.inventory.Inventory;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.resource.ResourceKey;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One sync of one environment.
 *
 * @param environment the environment (its label value and inventory name)
 * @param revision    the commit the objects were rendered from (reported, never stamped on objects)
 * @param desired     the render's objects, already stamped by {@code Tracking.stamp}; all of them, ignored ones included
 *                    (they are skipped, and their presence keeps them from being pruned)
 * @param policy      the environment's policy (prune guards, waitTimeout, ignoreDifferences)
 * @param options     this run's options
 * @param verdicts    this cycle's diff verdicts by key; objects without one are diffed by the engine
 * @param inventory   the environment's inventory as the caller last read or wrote it, so the sync does not read it
 *                    again (its writes are compare-and-swap on its resourceVersion: one that lost a race reads it
 *                    then); {@code null}: the engine reads it
 */
public record SyncRequest(String environment, String revision, List<DesiredObject> desired, EnvironmentPolicy policy,
                          SyncOptions options, Map<ResourceKey, DriftEntry> verdicts, Inventory inventory) {

    public SyncRequest(String environment, String revision, List<DesiredObject> desired, EnvironmentPolicy policy,
                       SyncOptions options, Map<ResourceKey, DriftEntry> verdicts) {
        this(environment, revision, desired, policy, options, verdicts, null);
    }

    public SyncRequest {
        Objects.requireNonNull(environment, "environment");
        desired = List.copyOf(desired);
        policy = policy == null ? EnvironmentPolicy.defaults() : policy;
        options = options == null ? SyncOptions.defaults() : options;
        verdicts = verdicts == null ? Map.of() : Map.copyOf(verdicts);
    }

    /** Whether this run prunes: the option when given, else the policy. */
    public boolean pruning() {
        return options.prune() != null ? options.prune() : policy.sync().prune();
    }
}
