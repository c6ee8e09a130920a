package dev.plumbline.rollout;

import dev.plumbline.config.Rollout;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The strategies and traffic routers this agent runs. A strategy or router plugs in by being listed in
 * {@link #defaults()}; {@code plumbline.yaml} naming one that is not listed is a policy error at its line ("not
 * supported yet"), so nothing half-built is reachable.
 */
public record Strategies(Map<Rollout.Strategy, RolloutStrategy> strategies, Map<String, TrafficRouter> routers) {

    public Strategies {
        strategies = Map.copyOf(strategies);
        routers = Map.copyOf(routers);
    }

    public static Strategies of(List<RolloutStrategy> strategies, List<TrafficRouter> routers) {
        return new Strategies(strategies.stream().collect(Collectors.toMap(RolloutStrategy::kind, Function.identity())),
                routers.stream().collect(Collectors.toMap(TrafficRouter::kind, Function.identity())));
    }

    /** What this build runs: canary over the Service (pod share); blue-green and routers come with their strategy. */
    public static Strategies defaults() {
        return of(List.of(new Canary(defaultsRouters())), List.of());
    }

    private static Function<String, Optional<TrafficRouter>> defaultsRouters() {
        return kind -> Optional.empty();
    }

    public Optional<RolloutStrategy> find(Rollout.Strategy kind) {
        return Optional.ofNullable(strategies.get(kind));
    }

    public Optional<TrafficRouter> router(String kind) {
        return Optional.ofNullable(routers.get(kind));
    }
}
