package dev.plumbline.live;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Where a {@link LiveCache} watches namespaced kinds. Cluster-scoped kinds are always watched cluster-wide.
 *
 * @param clusterWide one informer per kind across all namespaces; {@code namespaces} is then the fallback used when
 *                    the agent may not list/watch cluster-wide (403)
 * @param namespaces  one informer per kind and namespace (when not cluster-wide, or as the fallback)
 */
public record Scope(boolean clusterWide, SortedSet<String> namespaces) {

    public Scope {
        namespaces = Collections.unmodifiableSortedSet(new TreeSet<>(namespaces == null ? Set.of() : namespaces));
        if (!clusterWide && namespaces.isEmpty()) {
            throw new IllegalArgumentException("a namespace scope needs at least one namespace");
        }
    }

    /** Cluster-wide, with no fallback: a 403 is an error. */
    public static Scope cluster() {
        return new Scope(true, null);
    }

    /** Cluster-wide if allowed, else these namespaces (e.g. the namespaces of the rendered objects). */
    public static Scope cluster(Collection<String> fallbackNamespaces) {
        return new Scope(true, new TreeSet<>(fallbackNamespaces));
    }

    /** Only these namespaces (e.g. an environment whose {@code restrictions.namespaces} confine it). */
    public static Scope namespaces(Collection<String> namespaces) {
        return new Scope(false, new TreeSet<>(namespaces));
    }

    @Override
    public String toString() {
        return clusterWide ? "cluster-wide" + (namespaces.isEmpty() ? "" : " (fallback " + namespaces + ")")
                : "namespaces " + namespaces;
    }
}
