package dev.plumbline.diff;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.plumbline.resource.ResourceKey;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One object's line in a drift report: the JSON shape of {@code GET /api/v1/environments/{env}/drift}.
 *
 * @param changes   field-level changes (empty unless {@code Modified})
 * @param changedBy the distinct attributions over {@code changes}, in order of first appearance
 * @param message   human-readable detail: the owner of a Conflict, the API server's message of an Error, ...
 */
@JsonPropertyOrder({"apiVersion", "kind", "namespace", "name", "status", "changes", "changedBy", "message"})
public record DriftEntry(String apiVersion, String kind, String namespace, String name, Verdict status,
                         List<FieldChange> changes, List<ChangedBy> changedBy, String message) {

    public DriftEntry {
        changes = changes == null ? List.of() : List.copyOf(changes);
        changedBy = changedBy == null ? List.of() : List.copyOf(changedBy);
    }

    /** An entry without field changes. */
    public static DriftEntry of(ResourceKey key, String apiVersion, Verdict status, String message) {
        return new DriftEntry(apiVersion, key.kind(), key.namespace(), key.name(), status, List.of(), List.of(), message);
    }

    /** A Modified (or, without changes, InSync) entry whose {@code changedBy} is the union over the changes. */
    public static DriftEntry ofChanges(ResourceKey key, String apiVersion, List<FieldChange> changes, String message) {
        if (changes.isEmpty()) {
            return of(key, apiVersion, Verdict.InSync, message);
        }
        LinkedHashSet<ChangedBy> union = new LinkedHashSet<>();
        changes.forEach(c -> union.add(c.changedBy()));
        return new DriftEntry(apiVersion, key.kind(), key.namespace(), key.name(), Verdict.Modified, changes,
                new ArrayList<>(union), message);
    }

    @JsonIgnore
    public ResourceKey key() {
        return ResourceKey.of(ResourceKey.groupOf(apiVersion), kind, namespace, name);
    }

    @JsonIgnore
    public boolean inSync() {
        return status == Verdict.InSync;
    }
}
