package dev.plumbline.sync;

import dev.plumbline.inventory.Inventory;
import dev.plumbline.resource.ResourceKey;

import java.util.function.Consumer;

/**
 * Progress of one sync, for the CLI and logs. Called on the syncing thread ({@link #applied} also on the apply pool's
 * threads): keep it short. An exception thrown here aborts the sync where it stands, which is what a process killed at
 * that point would leave behind; tests use {@link #inventoryWritten} as that fault point.
 */
public interface SyncListener {

    /** No output. */
    SyncListener NONE = new SyncListener() {
    };

    /** Step {@code index} (1-based) of {@code total} starts: one kind group of one wave. */
    default void wave(int index, int total, String description) {
    }

    /** One object was applied (or skipped, or failed) during the apply phase. */
    default void applied(ChangeEntry entry) {
    }

    /** One prune candidate was decided: pruned, pruning or skipped. */
    default void pruned(ChangeEntry entry) {
    }

    /** The inventory now holds every object about to be applied; nothing is applied yet. */
    default void inventoryWritten(Inventory inventory) {
    }

    /**
     * The sync waits for a wave to become healthy and {@code key} is not yet ({@code status}: {@code Progressing:
     * 1 of 3 replicas updated}); called at every look, about once a second, so a shutdown or lost lease stops the
     * wait instead of outlasting it.
     */
    default void waiting(ResourceKey key, String status) {
    }

    /** Human-readable lines: {@code applying wave 2 of 5: ConfigMap/Secret (3 objects)}, {@code pruned ConfigMap/shop/old}. */
    static SyncListener lines(Consumer<String> sink) {
        return new SyncListener() {
            @Override
            public void wave(int index, int total, String description) {
                sink.accept("applying wave " + index + " of " + total + ": " + description);
            }

            @Override
            public void applied(ChangeEntry entry) {
                sink.accept(entry.toString());
            }

            @Override
            public void pruned(ChangeEntry entry) {
                sink.accept(entry.toString());
            }

            private String lastWait;

            @Override
            public synchronized void waiting(ResourceKey key, String status) {
                String line = "waiting for " + key + ": " + status;
                if (!line.equals(lastWait)) { // once per change, not once a second
                    lastWait = line;
                    sink.accept(line);
                }
            }
        };
    }
}
