package dev.plumbline.sync;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.plumbline.inventory.Inventory;
import dev.plumbline.inventory.OwnershipConflict;
import dev.plumbline.resource.ResourceKey;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of one sync: one entry per object in Git (in apply order) and per pruned object (in prune order).
 *
 * @param environment the environment synced
 * @param revision    the commit the desired objects came from
 * @param dryRun      computed with server-side dry-run: nothing was written
 * @param entries     one per object
 * @param guard       {@code null}, or the message of the guard that stopped this sync (nothing was applied or pruned
 *                    then): a prune guard, or an ownership conflict
 * @param conflict    {@code null}, or the ownership conflict that stopped this sync: another source owns the
 *                    environment ({@code guard} holds its message)
 * @param inventory   the environment's inventory as this sync left it (as read, or as its last write answered), so
 *                    the caller need not read it again; not part of the JSON; {@code null} when not known
 */
@JsonPropertyOrder({"environment", "revision", "dryRun", "guard", "conflict", "failed", "summary", "entries"})
@JsonIgnoreProperties(value = {"failed", "summary"}, allowGetters = true)
public record ChangeSet(String environment, String revision, boolean dryRun, List<ChangeEntry> entries, String guard,
                        OwnershipConflict conflict, @JsonIgnore Inventory inventory) {

    public ChangeSet {
        entries = entries == null ? List.of() : List.copyOf(entries);
        guard = guard == null && conflict != null ? conflict.message() : guard;
    }

    public ChangeSet(String environment, String revision, boolean dryRun, List<ChangeEntry> entries, String guard,
                     OwnershipConflict conflict) {
        this(environment, revision, dryRun, entries, guard, conflict, null);
    }

    public ChangeSet(String environment, String revision, boolean dryRun, List<ChangeEntry> entries, String guard) {
        this(environment, revision, dryRun, entries, guard, null, null);
    }

    /** This ChangeSet, with the inventory the sync left. */
    public ChangeSet withInventory(Inventory left) {
        return new ChangeSet(environment, revision, dryRun, entries, guard, conflict, left);
    }

    /** How many objects got each action; actions no object got are absent. In {@link Action} order. */
    @JsonProperty("summary")
    public Map<Action, Integer> summary() {
        Map<Action, Integer> counts = new EnumMap<>(Action.class);
        entries.forEach(e -> counts.merge(e.action(), 1, Integer::sum));
        return counts;
    }

    /** An object failed or a guard stopped the sync: the CLI exits 2. */
    @JsonProperty("failed")
    public boolean failed() {
        return guard != null || entries.stream().anyMatch(e -> e.action() == Action.FAILED);
    }

    public Optional<ChangeEntry> find(ResourceKey key) {
        return entries.stream().filter(e -> e.key().equals(key)).findFirst();
    }

    public List<ChangeEntry> withAction(Action action) {
        return entries.stream().filter(e -> e.action() == action).toList();
    }

    @Override
    public String toString() {
        return "ChangeSet " + environment + "@" + revision + (dryRun ? " (dry run)" : "") + " " + summary()
                + (guard == null ? "" : " guard: " + guard);
    }
}
