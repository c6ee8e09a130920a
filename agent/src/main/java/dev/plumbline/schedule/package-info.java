/**
 * The agent's clock: one Quartz job per environment (RAM job store), never two runs of one environment at once
 * ({@code @DisallowConcurrentExecution}); a missed run is coalesced into the next one. Jobs are created as beans by
 * {@link dev.plumbline.schedule.BeanJobFactory}. {@link dev.plumbline.schedule.AgentFactory} builds the
 * {@link dev.plumbline.reconcile.Agent} from configuration:
 *
 * <pre>{@code
 * plumbline:
 *   repo:
 *     url: https://git.example.com/acme/deploy.git
 *     poll-interval: 60s
 *   environments: [production]
 * }</pre>
 */
package dev.plumbline.schedule;
