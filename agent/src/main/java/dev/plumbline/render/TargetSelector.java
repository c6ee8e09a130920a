package dev.plumbline.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A patch {@code target}: group, version, kind, name and namespace are anchored regular expressions (Kustomize
 * matches name and namespace against the object's original or current values), label and annotation selectors use
 * Kubernetes' selector syntax ({@code a=b}, {@code a!=b}, {@code a in (x,y)}, {@code a notin (x)}, {@code a},
 * {@code !a}; comma = and). See https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/patches/.
 */
final class TargetSelector {

    private final Pattern group;
    private final Pattern version;
    private final Pattern kind;
    private final Pattern name;
    private final Pattern namespace;
    private final Predicate<Map<String, Object>> labels;
    private final Predicate<Map<String, Object>> annotations;

    private TargetSelector(Kustomization.Target t) {
        group = regex(t.group());
        version = regex(t.version());
        kind = regex(t.kind());
        name = regex(t.name());
        namespace = regex(t.namespace());
        labels = selector(t.labelSelector());
        annotations = selector(t.annotationSelector());
    }

    /** The selector, or an {@link IllegalArgumentException} explaining what is wrong with the target. */
    static TargetSelector of(Kustomization.Target target) {
        return new TargetSelector(target);
    }

    boolean matches(Resource r) {
        return matches(group, r.group()) && matches(version, r.version()) && matches(kind, r.kind())
                && (name == null || r.names().stream().anyMatch(n -> name.matcher(n).matches()))
                && (namespace == null || namespaces(r).stream().anyMatch(n -> namespace.matcher(n).matches()))
                && (labels == null || labels.test(Values.map(Values.map(r.body().get("metadata")).get("labels"))))
                && (annotations == null
                || annotations.test(Values.map(Values.map(r.body().get("metadata")).get("annotations"))));
    }

    private static List<String> namespaces(Resource r) {
        List<String> out = new ArrayList<>();
        out.add(r.originalNamespace() == null ? "" : r.originalNamespace());
        out.add(r.namespace() == null ? "" : r.namespace());
        return out;
    }

    private static boolean matches(Pattern p, String value) {
        return p == null || p.matcher(value == null ? "" : value).matches();
    }

    private static Pattern regex(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            return Pattern.compile(s);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("`" + s + "` is not a valid regular expression: " + e.getDescription());
        }
    }

    /** Kubernetes label selector syntax as a predicate over a labels (or annotations) map. */
    static Predicate<Map<String, Object>> selector(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Predicate<Map<String, Object>> all = m -> true;
        for (String requirement : splitRequirements(text)) {
            all = all.and(requirement(requirement.strip(), text));
        }
        return all;
    }

    private static List<String> splitRequirements(String text) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                out.add(text.substring(start, i));
                start = i + 1;
            }
        }
        out.add(text.substring(start));
        return out;
    }

    private static final Pattern SET = Pattern.compile("^([^\\s!=()]+)\\s+(in|notin)\\s*\\(([^()]*)\\)$");
    private static final Pattern COMPARE = Pattern.compile("^([^\\s!=()]+)\\s*(==|!=|=)\\s*([^\\s!=(),]*)$");
    private static final Pattern KEY = Pattern.compile("^(!?)\\s*([^\\s!=(),]+)$");

    private static Predicate<Map<String, Object>> requirement(String r, String whole) {
        var set = SET.matcher(r);
        if (set.matches()) {
            Set<String> values = Set.copyOf(List.of(set.group(3).split("\\s*,\\s*")).stream().map(String::strip)
                    .filter(v -> !v.isEmpty()).toList());
            String key = set.group(1);
            return set.group(2).equals("in") ? m -> values.contains(text(m.get(key)))
                    : m -> !values.contains(text(m.get(key)));
        }
        var compare = COMPARE.matcher(r);
        if (compare.matches()) {
            String key = compare.group(1);
            String value = compare.group(3);
            return compare.group(2).equals("!=") ? m -> !value.equals(text(m.get(key)))
                    : m -> m.containsKey(key) && value.equals(text(m.get(key)));
        }
        var exists = KEY.matcher(r);
        if (exists.matches()) {
            String key = exists.group(2);
            return exists.group(1).isEmpty() ? m -> m.containsKey(key) : m -> !m.containsKey(key);
        }
        throw new IllegalArgumentException("`" + whole + "` is not a valid selector (at `" + r + "`)");
    }

    private static String text(Object value) {
        return value == null ? null : Fields.scalarText(value);
    }
}
