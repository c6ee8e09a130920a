package dev.plumbline.render;

/**
 * How to render one environment.
 *
 * @param defaultNamespace namespace for namespaced objects that name none ({@code namespace} in
 *                         {@code plumbline.yaml}); {@code null}: such an object is an error
 * @param restrictions     what the environment may create (see {@link Restrictions})
 * @param budget           what one render may read and build in total (see {@link RenderBudget})
 */
public record RenderOptions(String defaultNamespace, Restrictions restrictions, RenderBudget budget) {

    public RenderOptions {
        defaultNamespace = defaultNamespace == null || defaultNamespace.isEmpty() ? null : defaultNamespace;
        restrictions = restrictions == null ? Restrictions.unrestricted() : restrictions;
        budget = budget == null ? RenderBudget.defaults() : budget;
    }

    public static RenderOptions defaults() {
        return new RenderOptions(null, Restrictions.unrestricted(), RenderBudget.defaults());
    }

    /** The largest YAML file read, in bytes and in code points (SnakeYAML's 3 MB limit is raised to it). */
    public int maxFileBytes() {
        return budget.maxFileBytes();
    }

    public RenderOptions withDefaultNamespace(String namespace) {
        return new RenderOptions(namespace, restrictions, budget);
    }

    public RenderOptions withRestrictions(Restrictions value) {
        return new RenderOptions(defaultNamespace, value, budget);
    }

    public RenderOptions withBudget(RenderBudget value) {
        return new RenderOptions(defaultNamespace, restrictions, value);
    }

    public RenderOptions withMaxFileBytes(int value) {
        return withBudget(budget.withMaxFileBytes(value));
    }
}
