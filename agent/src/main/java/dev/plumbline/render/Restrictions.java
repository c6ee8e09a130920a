package dev.plumbline.render;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What Git may create in a cluster for one environment ({@code restrictions} in {@code plumbline.yaml}): write access
 * to the repository is not cluster-admin. Enforced at render time, so an object outside them fails the whole render.
 *
 * @param namespaces    globs ({@code shop}, {@code shop-*}, {@code ?} = one character) that namespaced objects, and
 *                      the names of Namespace objects, must match; {@code null} = unrestricted
 * @param clusterScoped kinds of cluster-scoped objects allowed ({@code Namespace}); {@code null} = unrestricted,
 *                      empty = none
 * @param bound         the operator's limits from the agent configuration, which Git's restrictions can only narrow
 *                      (an object must satisfy both); {@code null}: none
 */
public record Restrictions(List<String> namespaces, List<String> clusterScoped, Restrictions bound) {

    public Restrictions {
        namespaces = namespaces == null ? null : List.copyOf(namespaces);
        clusterScoped = clusterScoped == null ? null : List.copyOf(clusterScoped);
    }

    public Restrictions(List<String> namespaces, List<String> clusterScoped) {
        this(namespaces, clusterScoped, null);
    }

    public static Restrictions unrestricted() {
        return new Restrictions(null, null);
    }

    /** These restrictions inside the operator's {@code limits}. */
    public Restrictions within(Restrictions limits) {
        return new Restrictions(namespaces, clusterScoped, limits);
    }

    /** This layer only (Git's), without the bound; see {@link #bound()}. */
    public boolean allowsNamespace(String namespace) {
        if (namespaces == null) {
            return true;
        }
        for (String glob : namespaces) {
            if (globMatches(glob, namespace)) {
                return true;
            }
        }
        return false;
    }

    public boolean allowsClusterScoped(String kind) {
        return clusterScoped == null || clusterScoped.contains(kind);
    }

    static boolean globMatches(String glob, String value) {
        return value != null && GLOBS.computeIfAbsent(glob, Restrictions::compile).matcher(value).matches();
    }

    private static final java.util.Map<String, Pattern> GLOBS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
