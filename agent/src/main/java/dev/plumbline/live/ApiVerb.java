package dev.plumbline.live;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The verb of one API request, derived from what goes over the wire (method, path, query, content type) rather than
 * from the call site, so that no request can escape the count. Verbs follow Kubernetes' own audit/RBAC vocabulary
 * (https://kubernetes.io/docs/reference/access-authn-authz/authorization/#determine-the-request-verb), plus
 * {@code apply} for server-side apply, a {@code dryRun} prefix for {@code dryRun=All} requests, and
 * {@code discovery} for the API index ({@code /api}, {@code /apis/<g>/<v>}, {@code /version}, {@code /openapi}).
 */
public final class ApiVerb {

    public static final String GET = "get";
    public static final String LIST = "list";
    public static final String WATCH = "watch";
    public static final String CREATE = "create";
    public static final String UPDATE = "update";
    public static final String PATCH = "patch";
    public static final String APPLY = "apply";
    public static final String DRY_RUN_APPLY = "dryRunApply";
    public static final String DELETE = "delete";
    public static final String DELETE_COLLECTION = "deletecollection";
    public static final String DISCOVERY = "discovery";

    /** Server-side apply's patch type: https://kubernetes.io/docs/reference/using-api/server-side-apply/ */
    static final String APPLY_PATCH_CONTENT_TYPE = "application/apply-patch+yaml";

    /** Subresources of a Namespace: {@code /api/v1/namespaces/<ns>/status} is not a list of "status" objects. */
    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

    private ApiVerb() {
    }

    /** The verb of a request; {@code contentType} may be null (no body). */
    public static String of(String method, URI uri, String contentType) {
        String m = method.toUpperCase(Locale.ROOT);
        List<String> query = Arrays.asList(uri.getRawQuery() == null ? new String[0] : uri.getRawQuery().split("&"));
        Target target = target(uri.getRawPath());
        if (target == Target.INDEX) {
            return m.equals("GET") ? DISCOVERY : m.toLowerCase(Locale.ROOT);
        }
        String verb = switch (m) {
            case "GET" -> query.contains("watch=true") || query.contains("watch=1") ? WATCH
                    : target == Target.COLLECTION ? LIST : GET;
            case "POST" -> CREATE;
            case "PUT" -> UPDATE;
            case "PATCH" -> isApply(contentType) ? APPLY : PATCH;
            case "DELETE" -> target == Target.COLLECTION ? DELETE_COLLECTION : DELETE;
            default -> m.toLowerCase(Locale.ROOT);
        };
        boolean dryRun = query.stream().anyMatch(q -> q.startsWith("dryRun="));
        return dryRun ? "dryRun" + Character.toUpperCase(verb.charAt(0)) + verb.substring(1) : verb;
    }

    private static boolean isApply(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(APPLY_PATCH_CONTENT_TYPE);
    }

    private enum Target { INDEX, COLLECTION, OBJECT }

    /** What a path names: the API index, a collection, or one object (or one of its subresources). */
    private static Target target(String path) {
        List<String> segments = new ArrayList<>();
        for (String s : (path == null ? "" : path).split("/")) {
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        // A proxy may put a prefix in front (e.g. /k8s/clusters/c-1/api/v1/...): find the API root.
        int root = 0;
        while (root < segments.size() && !segments.get(root).equals("api") && !segments.get(root).equals("apis")) {
            root++;
        }
        if (root == segments.size()) {
            return Target.INDEX;
        }
        int resources = root + (segments.get(root).equals("api") ? 2 : 3);
        if (segments.size() <= resources) {
            return Target.INDEX;
        }
        List<String> rest = segments.subList(resources, segments.size());
        boolean inNamespace = rest.get(0).equals("namespaces") && rest.size() >= 3
                && !(rest.size() == 3 && NAMESPACE_SUBRESOURCES.contains(rest.get(2)));
        List<String> resource = inNamespace ? rest.subList(2, rest.size()) : rest;
        return resource.size() == 1 ? Target.COLLECTION : Target.OBJECT;
    }
}
