package dev.plumbline.reconcile;

import dev.plumbline.config.EnvironmentLimits;
import dev.plumbline.config.EnvironmentPolicy;
import dev.plumbline.resource.PlumblineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The policy that governs an environment's next revision: the {@code plumbline.yaml} of its last applied revision,
 * read from the Git cache at that commit (once per applied revision), with the operator's limits on top. Before the
 * first sync nothing in Git is approved yet, so the agent configuration governs: the policy defaults under the
 * operator's limits. A last applied commit that can no longer be read (force-push, garbage-collected) governs as a
 * gated environment: the head waits for an approval rather than trusting its own policy.
 */
final class ApprovedPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(ApprovedPolicy.class);

    private record Read(String sha, EnvironmentPolicy policy) {
    }

    private final RevisionSource source;
    private final Map<String, Read> last = new ConcurrentHashMap<>();

    ApprovedPolicy(RevisionSource source) {
        this.source = source;
    }

    EnvironmentPolicy governing(String environment, String lastApplied, EnvironmentLimits limits) {
        if (lastApplied == null) {
            return limits.govern(EnvironmentPolicy.defaults());
        }
        Read cached = last.get(environment);
        if (cached != null && cached.sha().equals(lastApplied)) {
            return limits.govern(cached.policy());
        }
        try {
            EnvironmentPolicy policy = RenderedEnvironment.policy(source.at(lastApplied).tree(), environment);
            last.put(environment, new Read(lastApplied, policy));
            return limits.govern(policy);
        } catch (PlumblineException | IllegalStateException e) {
            // Not kept: a fetch that failed once may work next cycle.
            LOG.warn("{}: policy of the last applied revision {} read failed, new revisions wait for approval: {}",
                    environment, lastApplied, e.getMessage());
            return new EnvironmentLimits(null, null, true).govern(limits.govern(EnvironmentPolicy.defaults()));
        }
    }
}
