package dev.plumbline.rollout.router;

import java.util.List;

/**
 * Decides what to write so that {@code weight} percent of the traffic reaches the canary Service and the rest the
 * stable one; pure (no API call). Every weight is exactly one write; {@link #restore()} leaves the router's objects as
 * Git renders them (no leftovers).
 */
public sealed interface TrafficRouter permits HttpRouteRouter, IngressNginxRouter {

    /** The object named in {@code router:}, as {@code Kind/namespace/name}. */
    String describe();

    /** The one write that sends {@code weight} (0..100) percent to the canary Service. */
    RouterWrite weighted(int weight);

    /** The one write that leaves the router's objects as Git says (0 % to the canary, nothing the rollout made). */
    RouterWrite restore();

    /**
     * What of Git's objects the rollout owns while it routes (never drift): JSON pointers per object. Objects the
     * rollout creates itself (a canary Ingress) are not in Git, so they are not listed.
     */
    List<OwnedFields> owned();

    /** A rollout-owned part of one object Git renders. */
    record OwnedFields(dev.plumbline.resource.ResourceKey key, List<String> paths) {
        public OwnedFields {
            paths = List.copyOf(paths);
        }
    }

    static int checked(int weight) {
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("a traffic weight is 0..100, not " + weight);
        }
        return weight;
    }
}
