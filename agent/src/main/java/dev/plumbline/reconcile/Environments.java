package dev.plumbline.reconcile;

import dev.plumbline.config.EnvironmentLimits;
import dev.plumbline.diff.DiffOptions;
import dev.plumbline.engine.Engine;
import dev.plumbline.engine.LiveObjects;
import dev.plumbline.health.HealthCheck;
import dev.plumbline.inventory.InventoryStore;
import dev.plumbline.live.ClusterConnection;
import dev.plumbline.live.Discovery;
import dev.plumbline.live.LiveCache;
import dev.plumbline.sync.SyncEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * Each environment's {@link EnvironmentState} and its parts, created on first use. With a ServiceAccount in its
 * limits, everything that reads or writes its objects (watch cache, dry-run diffs, apply, prune, health reads)
 * goes through a connection impersonating it, so the API server's RBAC for that account is the final word; inventory,
 * history, gate state and the sync's summary Event (on the inventory) stay on the agent's identity. Discovery stays
 * the agent's too: it says which kinds exist, not what anyone may do with them.
 */
final class Environments implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Environments.class);

    /** What every environment shares: the agent's connection and the parts on it. */
    record Shared(ClusterConnection cluster, Discovery discovery, Engine diff, ExecutorService pool,
                  List<String> watchNamespaces, LiveCache.Options liveOptions, InventoryStore inventories,
                  HealthCheck health, String stateNamespace) {
    }

    private final Shared shared;
    private final DriftCheck drift;
    private final Map<String, EnvironmentLimits> limits;
    private final Map<String, EnvironmentState> states = new ConcurrentHashMap<>();

    Environments(Shared shared, Map<String, EnvironmentLimits> limits) {
        this.shared = shared;
        this.limits = limits;
        this.drift = new DriftCheck(shared.discovery(), shared.diff(), shared.pool(), shared.watchNamespaces());
    }

    /** The operator's limits of {@code environment} (none when not configured). */
    EnvironmentLimits limits(String environment) {
        return limits.getOrDefault(environment, EnvironmentLimits.none());
    }

    /** The environment's state, created with its parts on first use. */
    EnvironmentState get(String environment) {
        return states.computeIfAbsent(environment, this::create);
    }

    /** The state if the environment was ever used. */
    Optional<EnvironmentState> find(String environment) {
        return Optional.ofNullable(states.get(environment));
    }

    private EnvironmentState create(String e) {
        ClusterConnection cluster = shared.cluster();
        ClusterConnection own = limits(e).impersonate(shared.stateNamespace())
                .map(account -> cluster.impersonating(account.username(), account.groups())).orElse(null);
        ClusterConnection connection = own == null ? cluster : own;
        Engine diff = own == null ? shared.diff() : new Engine(own.reconcileClient(), shared.discovery(), DiffOptions.defaults());
        DriftCheck check = own == null ? drift
                : new DriftCheck(shared.discovery(), diff, shared.pool(), shared.watchNamespaces());
        LiveCache live = new LiveCache(connection, e, shared.liveOptions());
        SyncEngine engine = new SyncEngine(diff, LiveObjects.cached(live, shared.discovery()),
                shared.inventories(), shared.health());
        if (own != null) {
            LOG.info("{}: every request impersonates {}", e, own.impersonatedUser());
        }
        return new EnvironmentState(e, live, diff, engine, check, new LiveChanges(diff, shared.health()), own);
    }

    @Override
    public void close() {
        states.values().forEach(EnvironmentState::close);
        states.clear();
    }
}
