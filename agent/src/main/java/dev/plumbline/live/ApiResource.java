package dev.plumbline.live;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.util.Objects;

/**
 * One kind as the API server serves it at one version: what Fabric8 needs to address its objects
 * ({@code /apis/<group>/<version>/[namespaces/<ns>/]<plural>}).
 *
 * @param group      API group, {@code ""} for the core group
 * @param version    API version within the group, e.g. {@code v1}
 * @param kind       e.g. {@code Deployment}
 * @param plural     the resource name in URLs, e.g. {@code deployments}
 * @param namespaced whether objects of this kind live in a namespace
 */
public record ApiResource(String group, String version, String kind, String plural, boolean namespaced) {

    public ApiResource {
        group = group == null ? "" : group;
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(plural, "plural");
    }

    /** {@code apps/v1}, or {@code v1} for the core group. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** {@code deployments.apps}, {@code configmaps}: how kubectl and RBAC name the resource. */
    public String qualifiedPlural() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /** The group and kind, which together identify the kind independent of version (as {@code ResourceKey} does). */
    public GroupKind groupKind() {
        return new GroupKind(group, kind);
    }

    public ResourceDefinitionContext context() {
        return new ResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion(version)
                .withKind(kind)
                .withPlural(plural)
                .withNamespaced(namespaced)
                .build();
    }

    /** A kind independent of its version. */
    public record GroupKind(String group, String kind) {

        public GroupKind {
            group = group == null ? "" : group;
            Objects.requireNonNull(kind, "kind");
        }

        @Override
        public String toString() {
            return group.isEmpty() ? kind : kind + "." + group;
        }
    }

    @Override
    public String toString() {
        return kind + " (" + apiVersion() + ", " + qualifiedPlural() + (namespaced ? ", namespaced)" : ", cluster-scoped)");
    }
}
