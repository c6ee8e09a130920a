package dev.plumbline.schedule;

import dev.plumbline.reconcile.EnvironmentReport;

/**
 * Told about every finished scheduled or triggered run of an environment (the webhook's push-to-converged latency
 * listens here). Called on the job's thread after the run: keep it short, and never throw.
 */
public interface EnvironmentRunListener {

    /** {@code reason}: what requested the run ({@code webhook}, …), or {@code poll} for the repeating schedule. */
    void ran(String environment, String reason, EnvironmentReport report);
}
