/**
 * Leader election: with several replicas only the holder of a {@code coordination.k8s.io/v1} Lease reconciles and
 * writes (applies, prunes, inventory, history, gate state, the state namespace itself); the others serve the read API
 * from their own read-only checks and take over within the lease duration.
 *
 * <h2>How</h2>
 * {@link dev.plumbline.schedule.leader.LeaseElector} runs Fabric8's {@code LeaderElector} with a {@code LeaseLock}
 * (served from Kubernetes 1.14) through the watch client, so Lease traffic is not counted as reconcile calls; it
 * stands again after losing, and releases the Lease on shutdown so a follower takes over within one retry period.
 * {@link dev.plumbline.schedule.leader.Leadership} is the {@link dev.plumbline.reconcile.WriteGate} the reconciler
 * asks before a sync starts, after the inventory intent, before each step of a wave, after each applied or pruned
 * object, and before recording the sync. It is open only while this agent holds the Lease <em>and</em> renewed it
 * within {@code renew-deadline} (a time fence measured from the start of the last successful renewal, so a hung
 * renewal closes it before the Lease can expire); it closes on the first sight of another holder. A leader that loses
 * its Lease therefore stops its in-flight sync at the next object or wave boundary, throws
 * {@link dev.plumbline.reconcile.LeadershipLostException}, and records no history and no applied revision for it;
 * the new leader's first cycle finds what was applied and converges the rest. Objects already being applied at that
 * moment complete (each is one atomic server-side apply). Nothing is written twice: the new leader re-reads inventory
 * and gate state, and its diff finds what the old leader applied InSync, so it neither re-applies nor re-records it.
 *
 * <h2>Seen from outside</h2>
 * {@code GET /api/v1/leader}: {@code {"identity": "plumbline-7d9f-x2k", "leader": true, "holder": "plumbline-7d9f-x2k",
 * "leaderElection": true, "lease": "plumbline-system/plumbline"}}; the gauge {@code plumbline_leader{identity}} is 1 on
 * the leader and 0 elsewhere; a sync or pin deletion sent to a follower answers 503 with
 * {@code "… failed: not the leader (Lease plumbline-system/plumbline held by plumbline-7d9f-x2k)"}.
 *
 * <pre>{@code
 * plumbline:
 *   leader-election:
 *     enabled: true             # default false: a single agent is always the leader
 *     lease-name: plumbline
 *     lease-namespace: plumbline-system   # default: plumbline.state-namespace
 *     lease-duration: 15s       # others wait this long after the last renewal
 *     renew-deadline: 10s       # the leader stops writing this long after its last renewal (< lease-duration)
 *     retry-period: 2s          # acquire/renew attempts (renew-deadline > 1.2 × retry-period)
 *     # identity: default POD_NAME, else hostname + random suffix
 * }</pre>
 * RBAC: {@code get, create, update} on {@code leases.coordination.k8s.io} in the Lease namespace (the chart grants it).
 *
 * <h2>Sharded ({@code plumbline.ha.mode: sharded}; decision 0039)</h2>
 * Environments are split over the replicas instead. {@link dev.plumbline.schedule.leader.ShardElector} renews this
 * replica's membership Lease ({@code <lease-name>-member-<identity>}) every retry period, lists the membership and the
 * environment Leases ({@code <lease-name>-env-<environment>}), and per environment lets the member that rendezvous
 * hashing picks ({@link dev.plumbline.schedule.leader.Rendezvous}) take it by a compare-and-swap on its Lease: when it is
 * free, or its holder's membership has not changed for a lease duration (observed on this replica's clock). A holder
 * that is no longer the pick (a replica joined) releases it between two cycles. {@link dev.plumbline.schedule.leader.Shards}
 * is then the {@link dev.plumbline.reconcile.WriteGate}, per environment: open while this replica holds the
 * environment's Lease and renewed its membership within {@code renew-deadline}; an environment Lease lives as long as its
 * holder's membership, so it needs no renewals of its own (steady state: one update and two LISTs per retry period).
 * {@link dev.plumbline.schedule.leader.Ownership} is what the schedule and the API ask, in either mode: a replica runs
 * cycles only for what it holds; the API answers 421 naming the owner for the rest.
 *
 * <pre>{@code
 * plumbline:
 *   ha:
 *     mode: sharded             # default leader
 *   leader-election:            # durations, lease-name (the prefix), lease-namespace and identity as above
 *     lease-duration: 15s       # a dead replica's environments move after this (+ one retry period)
 * }</pre>
 * {@code kubectl get lease -n plumbline-system -l plumbline.dev/lease-role=environment} shows who holds what.
 * RBAC: also {@code list} and {@code delete} (membership Leases of replicas long gone are removed).
 */
package dev.plumbline.schedule.leader;
