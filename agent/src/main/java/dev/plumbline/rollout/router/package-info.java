/**
 * Traffic routers of a rollout (issue 14, DESIGN "Progressive delivery"): with {@code router:} set, the share of
 * traffic on the new version follows a canary's steps exactly instead of following the share of pods.
 *
 * <p>Semantics.
 * <ul>
 *   <li>{@link dev.plumbline.rollout.router.HttpRouteRouter} ({@code router: {httpRoute: orders}}): the Gateway API
 *       HTTPRoute Git renders gets, in every rule that names the stable Service, the stable ref at
 *       {@code 100 - weight} and a canary ref at {@code weight}. One forced server-side apply of the whole route per
 *       weight; weight 0 and the restore write Git's route itself;</li>
 *   <li>{@link dev.plumbline.rollout.router.IngressNginxRouter} ({@code router: {ingressNginx: orders}}): a canary
 *       Ingress {@code <name>-canary} beside the stable one, with {@code nginx.ingress.kubernetes.io/canary: "true"}
 *       and {@code canary-weight}; the stable Ingress is never written; weight 0 and the restore delete it;</li>
 *   <li>one write per weight change ({@link dev.plumbline.rollout.router.TrafficRouting} skips a weight already
 *       written); after full promotion or rollback the restore leaves the router objects exactly as Git renders them;</li>
 *   <li>what the rollout writes is the rollout's, never drift: {@link dev.plumbline.rollout.router.TrafficRouter#owned()}
 *       lists the fields of Git's objects it owns while it routes ({@code /spec/rules} of the HTTPRoute); the canary
 *       Ingress is not in Git, carries {@code plumbline.dev/rollout} and {@code plumbline.dev/rollout-of} and no
 *       environment label (never watched, compared or pruned as the environment's);</li>
 *   <li>a router naming an object the environment does not render, or one that sends nothing to the rollout's
 *       Service, is a policy error at the {@code router:} line ({@link dev.plumbline.rollout.router.RouterRef#problem});
 *       nothing is applied.</li>
 * </ul>
 * The routers decide what to write and are pure; the writes go through {@link dev.plumbline.rollout.router.RouterWrites}
 * (the engine's verbs), so the answer of each write is the object's InSync verdict and its watch echo starts no cycle.
 *
 * <p>Example, in an environment's {@code plumbline.yaml}, and what weight 10 writes:
 * <pre>{@code
 * rollouts:
 *   orders-api:
 *     strategy: canary
 *     service: orders-api
 *     steps: [10, 50, 100]
 *     router: {httpRoute: orders}
 * ---
 * kind: HTTPRoute                        # Git: backendRefs [{name: orders-api, port: 80}]
 * spec:
 *   rules:
 *   - backendRefs:
 *     - {name: orders-api, port: 80, weight: 90}
 *     - {name: orders-api-canary, port: 80, weight: 10}
 * }</pre>
 */
package dev.plumbline.rollout.router;
