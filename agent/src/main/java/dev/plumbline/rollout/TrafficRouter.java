package dev.plumbline.rollout;

import dev.plumbline.config.Rollout;

/**
 * Traffic weights beyond pod share ({@code router: {httpRoute: name}} or {@code {ingressNginx: name}}). A router kind
 * plugs in by being listed in {@link Strategies#routers()}; until then naming it is a policy error ("not supported
 * yet"). Without a router, traffic follows pod share through the Service.
 */
public interface TrafficRouter {

    /** The {@code router:} key it drives: {@code httpRoute} or {@code ingressNginx}. */
    String kind();

    /** Sends {@code weight} percent of the traffic to the new version (0: all to stable). Idempotent. */
    void weigh(RolloutTarget target, Rollout.Router router, int weight);
}
