package dev.plumbline.reconcile;

import dev.plumbline.config.EnvironmentLimits;
import dev.plumbline.config.EnvironmentPolicy;
import dev.plumbline.config.PolicyException;
import dev.plumbline.render.DesiredObjects;
import dev.plumbline.render.KindScopes;
import dev.plumbline.source.RecordingTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;

/**
 * An environment's revisions as the pipeline reads them: the target rendered (once per revision, kept in the
 * {@link EnvironmentState}), and any other revision's policy from its {@code plumbline.yaml} alone.
 */
final class Renders {

    private static final Logger LOG = LoggerFactory.getLogger(Renders.class);

    private final Function<String, EnvironmentLimits> limits;
    /** Scope comes from the API server's discovery, never from the manifest (issue 12 case 4). */
    private final KindScopes kindScopes;

    Renders(Function<String, EnvironmentLimits> limits, KindScopes kindScopes) {
        this.limits = limits;
        this.kindScopes = kindScopes;
    }

    /** The render of {@code snapshot}, inside the operator's limits; kept per revision, so an unchanged commit renders once. */
    EnvironmentState.Rendered render(EnvironmentState state, Snapshot snapshot) {
        String sha = snapshot.revision().sha();
        EnvironmentState.Rendered cached = state.rendered(sha);
        if (cached != null) {
            return cached;
        }
        RecordingTree tree = new RecordingTree(snapshot.tree());
        RenderedEnvironment rendered = RenderedEnvironment.render(tree, state.environment(), limits.apply(state.environment()), kindScopes);
        LOG.info("{}: rendered {} objects at {}", state.environment(), rendered.state().objects().size(), snapshot.revision().shortSha());
        EnvironmentState.Rendered fresh = new EnvironmentState.Rendered(sha, rendered.policy(), DesiredObjects.prepare(rendered.state()), tree.reads());
        state.rendered(fresh);
        return fresh;
    }

    /**
     * The policy of {@code snapshot} before the operator's limits: its {@code plumbline.yaml} parsed alone (or taken
     * from its render when one is kept). A policy that does not parse fails as the render does, with every problem of
     * the environment located.
     */
    EnvironmentPolicy policy(EnvironmentState state, Snapshot snapshot) {
        EnvironmentState.Rendered kept = state.rendered(snapshot.revision().sha());
        if (kept != null) {
            return kept.policy();
        }
        try {
            return RenderedEnvironment.policy(snapshot.tree(), state.environment());
        } catch (PolicyException e) {
            return render(state, snapshot).policy(); // throws the RenderException with every problem
        }
    }
}
