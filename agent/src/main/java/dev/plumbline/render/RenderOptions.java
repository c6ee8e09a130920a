package dev.plumbline.render;

/**
 * How to render one environment.
 *
 * @param defaultNamespace namespace for namespaced objects that name none ({@code namespace} in
 *                         {@code plumbline.yaml}); {@code null}: such an object is an error
 * @param restrictions     what the environment may create (see {@link Restrictions})
 * @param maxFileBytes     the largest YAML file read, in bytes and in code points (SnakeYAML's limit, 3 MB by
 *                         default, is raised to this bound so large CRDs and generated bundles load)
 * @param kindScopes       the cluster's discovery, which alone decides whether a kind is namespaced; {@code null}
 *                         (offline: {@code render}, {@code validate}): the built-in table plus the render's own CRDs
 */
public record RenderOptions(String defaultNamespace, Restrictions restrictions, int maxFileBytes, KindScopes kindScopes) {

    /** 64 MiB: far above any sensible manifest, low enough that one file cannot exhaust the agent's heap. */
    public static final int DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;

    public RenderOptions {
        defaultNamespace = defaultNamespace == null || defaultNamespace.isEmpty() ? null : defaultNamespace;
        restrictions = restrictions == null ? Restrictions.unrestricted() : restrictions;
        if (maxFileBytes <= 0) {
            throw new IllegalArgumentException("maxFileBytes must be positive: " + maxFileBytes);
        }
    }

    public static RenderOptions defaults() {
        return new RenderOptions(null, Restrictions.unrestricted(), DEFAULT_MAX_FILE_BYTES, null);
    }

    public RenderOptions withDefaultNamespace(String namespace) {
        return new RenderOptions(namespace, restrictions, maxFileBytes, kindScopes);
    }

    public RenderOptions withRestrictions(Restrictions value) {
        return new RenderOptions(defaultNamespace, value, maxFileBytes, kindScopes);
    }

    public RenderOptions withMaxFileBytes(int value) {
        return new RenderOptions(defaultNamespace, restrictions, value, kindScopes);
    }

    public RenderOptions withKindScopes(KindScopes value) {
        return new RenderOptions(defaultNamespace, restrictions, maxFileBytes, value);
    }
}
