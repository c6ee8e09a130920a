/**
 * The agent's clock: when each environment runs, and what a run does on a leader and on a follower.
 *
 * <h2>Runs</h2>
 * One durable Quartz job per environment (RAM job store), never two runs of one environment at once
 * ({@code @DisallowConcurrentExecution}). Scheduled runs use one one-shot "poll" trigger per environment that
 * {@link dev.plumbline.schedule.ReconcileJob} places again after every run; a repeating trigger could neither jitter
 * per run nor back off:
 * <ul>
 *   <li><b>Jitter</b>: the next scheduled run fires {@code poll-interval × (1 ± jitter)} after the run ends, so
 *       environments and replicas started together drift apart instead of hitting Git and the API server in step.</li>
 *   <li><b>Coalescing</b>: whatever became due while a run was going (a poll, a burst of pushes) is one run after it
 *       (misfire: fire once, now); a webhook or self-heal run also postpones the next poll. On-demand runs
 *       ({@link dev.plumbline.schedule.ReconcileScheduler#trigger}) fold into one pending run per environment.</li>
 *   <li><b>Backoff</b>: a run whose report carries an {@code error} (failed fetch, render, unreachable cluster; not a
 *       per-object sync failure, which is data) counts as failed. After {@code n} failures in a row the next
 *       scheduled run waits {@code min(poll-interval × 2^n, max-backoff)} (then jittered, never above the cap), shown
 *       in the report as {@code "backoff": {"consecutiveFailures": 3, "nextRunAt": "…"}} and in the gauge
 *       {@code plumbline_cycle_consecutive_failures{environment}}; one success resets both. Webhook, self-heal and
 *       takeover runs still run at once during backoff. A run cut short by lost leadership or shutdown counts
 *       neither way.</li>
 * </ul>
 *
 * <h2>Leader and followers ({@link dev.plumbline.schedule.leader})</h2>
 * The leader runs the full cycle (converge, self-heal, webhooks). A follower runs the same schedule but only a
 * read-only drift check ({@code Reconciler.check}: no apply, no prune, no inventory, history or gate write), reading
 * the inventory the leader wrote afresh each time (one GET per poll), so its read API serves current reports; its
 * mutating endpoints answer 503 naming the Lease holder, and its readiness stays UP. On taking over, a new leader
 * forgets what it remembered of the persisted state and runs every environment at once.
 *
 * <h2>Sharded ({@code plumbline.ha.mode: sharded})</h2>
 * Every replica schedules every environment, but a run does something only for an environment whose Lease this
 * replica holds (the full cycle, inside the environment's cycle lock, so a handover waits for its end); the others'
 * runs return at once, with no check, no watch and no API call. Taking an environment runs it at once and, on a new
 * term, forgets what this replica remembered of its persisted state.
 *
 * <h2>Health</h2>
 * {@link dev.plumbline.schedule.CycleLiveness} ({@code /health/liveness}) is DOWN when an environment's run has not
 * finished within {@code max(10 × poll-interval, 10 min)}, or no run started that long after one was due (the schedule
 * stopped): a restart cures both. A run ended by an {@link java.lang.Error} still places the next run (before this, an
 * OutOfMemoryError in a render left the environment unscheduled for good while health answered 200). {@link dev.plumbline.schedule.ClusterReadiness}
 * ({@code /health/readiness}) is DOWN while the API server does not answer; a restart would not help there. An
 * OutOfMemoryError ends the JVM ({@code -XX:+ExitOnOutOfMemoryError} in the image and chart) rather than leaving
 * threads dead half-way.
 *
 * <h2>Shutdown</h2>
 * On context close: no new runs, the write gate closes (a running sync stops at its next object or wave and records
 * nothing: each object, inventory and history write is one request, so none is half-written; threads are never
 * interrupted), running jobs get up to {@code shutdown-grace}, and only then is the Lease released, so the next
 * leader's first write never overlaps this agent's last one. A sync waiting for a wave's health keeps waiting until
 * that wait ends or the grace runs out; it writes nothing after it.
 *
 * <pre>{@code
 * plumbline:
 *   repo:
 *     url: https://git.example.com/acme/deploy.git
 *     poll-interval: 60s
 *   environments: [production]
 *   schedule:
 *     jitter: 0.1            # fraction of the interval, [0, 1)
 *     max-backoff: 10m       # never below the poll interval
 *     shutdown-grace: 20s     # below the pod's default 30 s termination grace period
 * }</pre>
 * {@link dev.plumbline.schedule.AgentFactory} builds the {@link dev.plumbline.reconcile.Agent} from configuration;
 * jobs are created as beans by {@link dev.plumbline.schedule.BeanJobFactory}.
 */
package dev.plumbline.schedule;
