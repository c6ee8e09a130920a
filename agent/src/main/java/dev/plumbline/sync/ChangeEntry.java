package dev.plumbline.sync;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.plumbline.engine.Applied;
import dev.plumbline.engine.Pruned;
import dev.plumbline.resource.ResourceKey;

import java.util.List;
import java.util.Objects;

/**
 * One object's line in a {@link ChangeSet}.
 *
 * @param action    what happened
 * @param reason    why, in words: the API server's message of a failure, the guard that skipped a prune, ...;
 *                  {@code null} when the action says it all
 * @param takenFrom field managers whose fields a forced apply took over (best effort, from the diff's attribution)
 */
@JsonPropertyOrder({"apiVersion", "kind", "namespace", "name", "action", "reason", "takenFrom"})
public record ChangeEntry(String apiVersion, String kind, String namespace, String name, Action action, String reason,
                          List<String> takenFrom) {

    public ChangeEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(action, "action");
        takenFrom = takenFrom == null ? List.of() : List.copyOf(takenFrom);
    }

    public static ChangeEntry of(ResourceKey key, String apiVersion, Action action, String reason) {
        return new ChangeEntry(apiVersion, key.kind(), key.namespace(), key.name(), action, reason, List.of());
    }

    /** The engine's apply outcome as the sync's line. */
    static ChangeEntry of(Applied applied) {
        return new ChangeEntry(applied.apiVersion(), applied.key().kind(), applied.key().namespace(),
                applied.key().name(), Action.valueOf(applied.result().name()), applied.reason(), applied.takenFrom());
    }

    /** The engine's prune decision as the sync's line. */
    static ChangeEntry of(Pruned pruned) {
        return ChangeEntry.of(pruned.key(), pruned.apiVersion(), Action.valueOf(pruned.result().name()), pruned.reason());
    }

    public ChangeEntry withTakenFrom(List<String> managers) {
        return new ChangeEntry(apiVersion, kind, namespace, name, action, reason, managers);
    }

    @JsonIgnore
    public ResourceKey key() {
        return ResourceKey.of(ResourceKey.groupOf(apiVersion), kind, namespace, name);
    }

    /** {@code configured Deployment/shop/api (reason)}: the CLI's line. */
    @Override
    public String toString() {
        return action.json() + " " + key() + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
