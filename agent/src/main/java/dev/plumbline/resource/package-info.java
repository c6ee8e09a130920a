/**
 * The vocabulary every other package shares, depending on nothing.
 *
 * <p>{@link dev.plumbline.resource.ResourceKey} names one Kubernetes object and prints as {@code Kind/namespace/name}
 * (cluster-scoped: {@code Kind/name}) in every log line, error and API response.
 * {@link dev.plumbline.resource.RepoTree} is a read-only snapshot of a repository: one Git commit's tree, or a
 * working directory. {@link dev.plumbline.resource.PlumblineException} is the one unchecked root exception;
 * each capability package has typed subclasses, and error text reads {@code <subject> <step> failed: <cause>}.
 *
 * <pre>{@code
 * ResourceKey.of("apps", "Deployment", "shop", "orders-api")   // Deployment/shop/orders-api
 * ResourceKey.of("", "Namespace", null, "shop")                // Namespace/shop
 * }</pre>
 */
package dev.plumbline.resource;
