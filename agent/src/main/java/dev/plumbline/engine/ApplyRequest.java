package dev.plumbline.engine;

import dev.plumbline.config.EnvironmentPolicy.IgnoreRule;
import dev.plumbline.resource.ResourceKey;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One sync's context for the apply verb: the same for every object of the sync.
 *
 * @param environment       decides the cached verdict's identity (it decides Conflict)
 * @param ignoreDifferences the environment's rules; matching fields are applied at their live value
 * @param fieldManager      Plumbline's field manager for the apply
 * @param dryRun            validate only (server-side dry-run): nothing changes, no verdict is remembered
 * @param replaceTimeout    how long a delete + re-create ({@code plumbline.dev/replace}) waits for the deletion
 * @param live              the environment's live objects (for ignored fields' live values and created/configured)
 * @param namespacesCreated the Namespaces this sync applies: a dry run cannot validate objects inside them
 */
public record ApplyRequest(String environment, List<IgnoreRule> ignoreDifferences, String fieldManager, boolean dryRun,
                           Duration replaceTimeout, LiveObjects live, Set<ResourceKey> namespacesCreated) {

    public ApplyRequest {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(fieldManager, "fieldManager");
        Objects.requireNonNull(replaceTimeout, "replaceTimeout");
        Objects.requireNonNull(live, "live");
        ignoreDifferences = ignoreDifferences == null ? List.of() : List.copyOf(ignoreDifferences);
        namespacesCreated = namespacesCreated == null ? Set.of() : Set.copyOf(namespacesCreated);
    }
}
