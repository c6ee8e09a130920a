package dev.plumbline.render;

import java.nio.file.Path;

/**
 * How to render one environment.
 *
 * @param defaultNamespace namespace for namespaced objects that name none ({@code namespace} in
 *                         {@code plumbline.yaml}); {@code null}: such an object is an error
 * @param restrictions     what the environment may create (see {@link Restrictions})
 * @param budget           what one render may read and build in total (see {@link RenderBudget})
 * @param kindScopes       the cluster's discovery, which alone decides whether a kind is namespaced; {@code null}
 *                         (offline: {@code render}, {@code validate}): the built-in table plus the render's own CRDs
 * @param preview          {@code plumbline render}/{@code validate}: a namespaced object that names no namespace while
 *                         no default is set is kept as written with a warning (what {@code kubectl kustomize} prints),
 *                         instead of an error (what diff and sync need: they cannot tell where it would go)
 * @param chartCache       where Helm charts pulled from chart repositories ({@code helmCharts} with {@code repo}) are
 *                         kept, one archive per repository, name and version; default: the system property
 *                         {@code plumbline.render.chart-cache}, else {@code ~/.cache/plumbline/charts} (beside the
 *                         Git caches). Charts committed in the
 *                         repository never touch it, so an offline render of those needs no network and no cache.
 * @param chartCredentials the operator's file naming which chart repository gets which credential (see
 *                         {@link ChartCredentials}); default: the system property
 *                         {@code plumbline.render.chart-credentials}, else the environment variable
 *                         {@code PLUMBLINE_RENDER_CHART_CREDENTIALS}, else none
 */
public record RenderOptions(String defaultNamespace, Restrictions restrictions, RenderBudget budget, KindScopes kindScopes,
                            boolean preview, Path chartCache, Path chartCredentials) {

    public RenderOptions(String defaultNamespace, Restrictions restrictions, RenderBudget budget, KindScopes kindScopes,
                         boolean preview, Path chartCache) {
        this(defaultNamespace, restrictions, budget, kindScopes, preview, chartCache, null);
    }

    public RenderOptions(String defaultNamespace, Restrictions restrictions, RenderBudget budget, KindScopes kindScopes) {
        this(defaultNamespace, restrictions, budget, kindScopes, false);
    }

    public RenderOptions(String defaultNamespace, Restrictions restrictions, RenderBudget budget, KindScopes kindScopes,
                         boolean preview) {
        this(defaultNamespace, restrictions, budget, kindScopes, preview, null);
    }

    public RenderOptions {
        defaultNamespace = defaultNamespace == null || defaultNamespace.isEmpty() ? null : defaultNamespace;
        restrictions = restrictions == null ? Restrictions.unrestricted() : restrictions;
        budget = budget == null ? RenderBudget.defaults() : budget;
        chartCache = chartCache == null ? defaultChartCache() : chartCache;
        chartCredentials = chartCredentials == null ? defaultChartCredentials() : chartCredentials;
    }

    /** The environment variable the Helm chart sets when it mounts the operator's chart credentials Secret. */
    static final String CHART_CREDENTIALS_ENV = "PLUMBLINE_RENDER_CHART_CREDENTIALS";

    /**
     * {@code plumbline.render.chart-credentials} when set, else {@value #CHART_CREDENTIALS_ENV} (what the chart's
     * {@code chartCredentials.existingSecret} sets), else null (no chart repository gets a credential).
     */
    private static Path defaultChartCredentials() {
        return chartCredentials(System.getProperty(RenderBudget.PREFIX + "chart-credentials"),
                System.getenv(CHART_CREDENTIALS_ENV));
    }

    /** The system property wins over the environment variable; blank means unset. */
    static Path chartCredentials(String property, String environment) {
        for (String set : new String[] {property, environment}) {
            if (set != null && !set.isBlank()) {
                return Path.of(set.trim());
            }
        }
        return null;
    }

    public static RenderOptions defaults() {
        return new RenderOptions(null, Restrictions.unrestricted(), RenderBudget.defaults(), null, false, null, null);
    }

    /** {@code plumbline.render.chart-cache} when set (as the render budgets are), else beside the Git caches. */
    private static Path defaultChartCache() {
        String set = System.getProperty(RenderBudget.PREFIX + "chart-cache");
        return set != null && !set.isBlank() ? Path.of(set.trim())
                : Path.of(System.getProperty("user.home"), ".cache", "plumbline", "charts");
    }

    /** The largest YAML file read, in bytes and in code points (SnakeYAML's 3 MB limit is raised to it). */
    public int maxFileBytes() {
        return budget.maxFileBytes();
    }

    public RenderOptions withDefaultNamespace(String namespace) {
        return new RenderOptions(namespace, restrictions, budget, kindScopes, preview, chartCache, chartCredentials);
    }

    public RenderOptions withRestrictions(Restrictions value) {
        return new RenderOptions(defaultNamespace, value, budget, kindScopes, preview, chartCache, chartCredentials);
    }

    public RenderOptions withBudget(RenderBudget value) {
        return new RenderOptions(defaultNamespace, restrictions, value, kindScopes, preview, chartCache, chartCredentials);
    }

    public RenderOptions withMaxFileBytes(int value) {
        return withBudget(budget.withMaxFileBytes(value));
    }

    public RenderOptions withKindScopes(KindScopes value) {
        return new RenderOptions(defaultNamespace, restrictions, budget, value, preview, chartCache, chartCredentials);
    }

    /** See {@link #preview}. */
    public RenderOptions asPreview() {
        return new RenderOptions(defaultNamespace, restrictions, budget, kindScopes, true, chartCache, chartCredentials);
    }

    /** See {@link #chartCredentials}. */
    public RenderOptions withChartCredentials(Path value) {
        return new RenderOptions(defaultNamespace, restrictions, budget, kindScopes, preview, chartCache, value);
    }

    /** See {@link #chartCache}. */
    public RenderOptions withChartCache(Path value) {
        return new RenderOptions(defaultNamespace, restrictions, budget, kindScopes, preview, value, chartCredentials);
    }
}
