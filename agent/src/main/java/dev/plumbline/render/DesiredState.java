package dev.plumbline.render;

import dev.plumbline.resource.ResourceKey;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything Git wants for one environment at one revision.
 *
 * @param revision    the commit SHA the render read ({@code worktree} for a working directory)
 * @param environment the folder name under {@code environments/}
 * @param objects     in Kustomize's output order (see {@link KustomizeOrder}), so {@code plumbline render} prints what
 *                    {@code kubectl kustomize} prints
 * @param warnings    non-fatal findings, e.g. a patch whose target matches nothing
 */
public record DesiredState(String revision, String environment, List<DesiredObject> objects,
                           List<RenderProblem> warnings) {

    public DesiredState {
        Objects.requireNonNull(environment, "environment");
        objects = List.copyOf(objects);
        warnings = List.copyOf(warnings);
    }

    public Optional<DesiredObject> find(ResourceKey key) {
        return objects.stream().filter(o -> o.key().equals(key)).findFirst();
    }

    /** The objects that are applied and compared: all but those marked {@code plumbline.dev/ignore: "true"}. */
    public List<DesiredObject> managed() {
        return objects.stream().filter(o -> !o.ignored()).toList();
    }

    public boolean isEmpty() {
        return objects.isEmpty();
    }
}
