/**
 * Environment folder at a revision → {@link dev.plumbline.render.DesiredState}: the objects Git wants in the
 * cluster, each with the repository file (and line) it came from.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>{@code environments/<env>/} renders from its {@code kustomization.yaml} if present (a documented subset of
 *       Kustomize, built natively by {@link dev.plumbline.render.KustomizeBuilder} and checked against
 *       {@code kubectl kustomize} v5 by golden files), else from every {@code *.yaml}/{@code *.yml} below it,
 *       recursively. {@code plumbline.yaml} is Plumbline's policy, never a manifest.</li>
 *   <li>A kustomization's {@code helmCharts} are rendered in the JVM by Helm's own SDK
 *       ({@link dev.plumbline.render.HelmCharts}, helm-java), as {@code kubectl kustomize --enable-helm} does: a
 *       chart committed under {@code helmGlobals.chartHome} (read through the tree, so its files are reads of the
 *       render) or pulled once from an HTTP(S) chart repository or an OCI registry
 *       ({@link dev.plumbline.render.OciChartRegistry}) into {@link RenderOptions#chartCache()} (digest checked), with
 *       the credential the operator's file gives the repository ({@link dev.plumbline.render.ChartCredentials}). Its
 *       objects are resources of that kustomization, so its transformers apply to them; with a target cluster,
 *       {@code .Capabilities.KubeVersion} is its version ({@link KindScopes#kubeVersion()}) and
 *       {@code .Capabilities.APIVersions} its discovery ({@link KindScopes#apiVersions()}), plus the entry's
 *       {@code apiVersions}: a chart that reads them renders through Helm's install against a discovery server the
 *       render runs on 127.0.0.1 ({@link dev.plumbline.render.HelmDiscovery}); Helm never reaches the cluster.</li>
 *   <li>Kustomize's deprecated {@code vars} follow Kustomize exactly ({@link dev.plumbline.render.Vars}).</li>
 *   <li>YAML is read as Kubernetes reads it ({@link dev.plumbline.render.YamlReader}): multi-document, empty
 *       documents ignored, {@code List} kinds expanded, duplicate keys an error, {@code yes}/{@code on} booleans,
 *       {@code 0644} octal, {@code 1e3} the integer 1000.</li>
 *   <li>Namespaced objects without a namespace take the environment's default namespace; scope comes from the
 *       cluster's discovery ({@link dev.plumbline.render.KindScopes}), for a kind not served yet from CRDs in the
 *       same render, and only offline from a built-in table; unknown kinds are namespaced. Never from the manifest.</li>
 *   <li>{@link dev.plumbline.render.Restrictions} (Git's, inside the operator's limits) are enforced here, so an
 *       object outside them never reaches the cluster.</li>
 *   <li>Bounded: one render may read at most {@link dev.plumbline.render.RenderBudget} bytes, objects, YAML values
 *       and scalar text after alias expansion, across all its files; the file that crosses a limit is named with
 *       the limit's {@code plumbline.render.*} property. Bytes that are not UTF-8 are an error at their line.</li>
 *   <li>All or nothing: every error found (malformed YAML, a document without apiVersion/kind/metadata.name, a
 *       duplicate object, a missing or escaping path, an unsupported kustomization field, a restriction) is
 *       reported with {@code file:line} in one {@link dev.plumbline.render.RenderException}; nothing partial is
 *       returned. Non-fatal findings (a patch that matches nothing) are
 *       {@link dev.plumbline.render.DesiredState#warnings()}.</li>
 *   <li>Objects come out in {@code kubectl kustomize}'s order; {@link dev.plumbline.render.YamlWriter} prints them
 *       as it does, {@link dev.plumbline.render.Tracking} adds Plumbline's labels for {@code --with-tracking}.</li>
 * </ul>
 *
 * <h2>Example</h2>
 * <pre>{@code
 * # environments/production/kustomization.yaml
 * resources:
 * - ../../manifests/orders-api        # a directory with its own kustomization
 * namespace: shop
 * images:
 * - name: example.com/orders-api
 *   newTag: "1.4.2"
 * configMapGenerator:
 * - name: orders-config               # becomes orders-config-<hash>, references follow
 *   literals: [LOG_LEVEL=info]
 * patches:
 * - target: {kind: Deployment, name: orders-api}
 *   patch: |-
 *     - op: replace
 *       path: /spec/replicas
 *       value: 3
 * }</pre>
 * <pre>{@code
 * DesiredState state = new Renderer().render(tree, "production",
 *         RenderOptions.defaults().withDefaultNamespace("shop")
 *                 .withRestrictions(new Restrictions(List.of("shop", "shop-*"), List.of("Namespace"))));
 * }</pre>
 */
package dev.plumbline.render;
