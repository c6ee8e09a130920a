package dev.plumbline.reconcile;

import java.util.List;
import java.util.Optional;

/**
 * The running agent's reconcile side: the environments it owns and its {@link Reconciler}, or — when no repository
 * is configured — the reason it has none (the HTTP server and health endpoints still run).
 */
public record Agent(List<String> environments, Reconciler reconciler, String notConfigured) implements AutoCloseable {

    public Agent {
        environments = List.copyOf(environments);
    }

    public static Agent unconfigured(String reason) {
        return new Agent(List.of(), null, reason);
    }

    public Optional<Reconciler> active() {
        return Optional.ofNullable(reconciler);
    }

    public boolean owns(String environment) {
        return environments.contains(environment);
    }

    @Override
    public void close() {
        if (reconciler != null) {
            reconciler.close();
            reconciler.cluster().close();
        }
    }
}
