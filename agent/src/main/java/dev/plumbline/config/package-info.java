/**
 * Configuration: the agent's own settings ({@code plumbline.*} in {@code application.yml} / environment variables)
 * and each environment's policy file, {@code environments/<env>/plumbline.yaml}.
 *
 * <p>Operator-owned limits ({@code plumbline.environments.<env>.*}, {@link dev.plumbline.config.EnvironmentSettings})
 * bound what the policy file may ask for; {@link dev.plumbline.config.GateKeys} says which policy changes loosen the
 * gate and so need an approval naming the revision.
 *
 * <p>The policy file is optional; absent keys take the defaults below; an unknown key, a wrong type or an
 * out-of-range value is an error naming {@code file:line}. A CLI flag or an API request overrides it for one run only.
 *
 * <pre>{@code
 * namespace: shop               # target namespace for namespaced objects that name none
 * sync:
 *   auto: true                  # false: new revisions wait for an approval naming the revision
 *   prune: true
 *   selfHeal: true
 *   suspend: false
 *   allowEmpty: false
 *   maxPrunePercent: 30
 *   maxPruneCount: 5
 *   waitTimeout: 5m
 * restrictions:
 *   namespaces: [shop, shop-*]
 *   clusterScoped: [Namespace]
 * ignoreDifferences:
 *   - kind: Deployment
 *     name: orders-api
 *     paths: [/spec/replicas]
 *     managers: [kube-controller-manager]
 * }</pre>
 */
package dev.plumbline.config;
