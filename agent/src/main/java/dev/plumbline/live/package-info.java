/**
 * The live side: the cluster connection with counted API calls, discovery, and a watch-backed cache of each
 * environment's objects.
 *
 * <p>{@link dev.plumbline.live.ClusterConnection} holds two Fabric8 clients built from one configuration. The
 * <b>reconcile client</b> serves the reconcile path (gets, dry-run applies, applies, deletes); the <b>watch client</b>
 * serves informers and discovery. Each counts every HTTP request it sends by verb ({@link dev.plumbline.live.ApiVerb}:
 * {@code get}, {@code list}, {@code watch}, {@code create}, {@code update}, {@code patch}, {@code apply},
 * {@code dryRunApply}, {@code delete}, {@code discovery}, ...), in an HTTP interceptor, so no call site can forget it.
 * "A steady-state cycle makes zero API calls" is asserted on {@code reconcileCalls()}; informers' watches and cached
 * discovery are background cost, counted on {@code watchCalls()}. {@code impersonating(user, groups)} gives a
 * connection to the same cluster whose every request impersonates a user (an environment's ServiceAccount, so its RBAC
 * decides); it has its own HTTP client and counts in the same counters.
 *
 * <p>{@link dev.plumbline.live.Discovery} maps {@code (apiVersion, kind)} to an {@link dev.plumbline.live.ApiResource}
 * (plural, namespaced), cached per group version, re-fetched once when a kind is unknown (a CRD created earlier in the
 * same sync).
 *
 * <p>{@link dev.plumbline.live.LiveCache} watches, per environment, every kind in use with the label selector
 * {@code plumbline.dev/environment=<env>}: one informer per kind (group + kind; objects are keyed by
 * {@link dev.plumbline.resource.ResourceKey}, which ignores the version), cluster-wide or per namespace. Reads come
 * from memory; a kind or namespace the cache does not cover is an error rather than a false "not found"; objects that
 * lost their label are read with {@code fetch}, one counted GET. The informers hold each object compacted
 * ({@link dev.plumbline.live.CompactObjects}: its JSON trees, managedFields included, as read-only
 * {@link dev.plumbline.live.CompactTree}s with interned text, docs/decisions/0046): about a fifth of the heap Fabric8's
 * maps take, equal to what the API server sent.
 *
 * <p>Errors name their cause with {@link dev.plumbline.live.ApiErrors}: {@code HTTP <code>: <the API server's Status
 * message>} for an answer, {@code no answer from the API server: <causes>} for none — never Fabric8's
 * {@code Operation: [get] … failed.} or a bare {@code null}. {@link dev.plumbline.live.Reachability} answers "does the
 * API server answer now" for readiness, with one cached {@code GET /version} through the watch client.
 *
 * <p>A kubeconfig file named with {@code --kubeconfig} (or {@code plumbline.kubeconfig}) is read by
 * {@link dev.plumbline.live.KubeconfigFile}: the usual fields straight into Fabric8's kubeconfig model, anything else
 * through Fabric8's own reader; the client configuration is Fabric8's either way (docs/decisions/0044).
 * <pre>{@code
 * # environments/production renders:
 * apiVersion: apps/v1
 * kind: Deployment
 * metadata:
 *   name: orders-api
 *   namespace: shop
 *   labels:
 *     plumbline.dev/environment: production      # what the cache selects on
 *
 * try (ClusterConnection cluster = ClusterConnection.connect((Path) null);
 *      LiveCache live = new LiveCache(cluster, "production")) {
 *     Discovery discovery = new Discovery(cluster);
 *     ApiResource deployments = discovery.resolve("apps/v1", "Deployment");  // deployments.apps, namespaced
 *     live.ensureWatching(List.of(deployments), Scope.cluster(List.of("shop")));  // falls back to shop on 403
 *     live.onChange(e -> log.info("{}", e));      // MODIFIED Deployment/shop/orders-api@4711
 *     Map<String, Long> before = cluster.reconcileCalls().snapshot();
 *     live.get(ResourceKey.of("apps", "Deployment", "shop", "orders-api"));  // from memory
 *     assert cluster.reconcileCalls().since(before).isEmpty();
 * }
 * }</pre>
 */
package dev.plumbline.live;
