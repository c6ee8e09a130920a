package dev.plumbline.diff;

import dev.plumbline.kube.Normalizer;
import dev.plumbline.config.EnvironmentPolicy.IgnoreRule;
import dev.plumbline.resource.ResourceKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ignoreDifferences}: fields left out of the comparison, and kept at their live value on apply.
 *
 * <p>{@code paths} are {@link PathSelector}s; {@code managers} ignore every field whose live value is owned by one
 * of those field managers (e.g. {@code kube-controller-manager}, or an HPA's {@code replicas}).
 * Removing a whole list item by path shifts the positions of later items in that list, so pointers reported for
 * them are positions in the list without the ignored items.
 */
public final class IgnoredFields {

    private IgnoredFields() {
    }

    /** The rules that apply to {@code key}. */
    public static List<IgnoreRule> matching(List<IgnoreRule> rules, ResourceKey key) {
        return rules == null ? List.of() : rules.stream()
                .filter(r -> r.matches(key.group(), key.kind(), key.namespace(), key.name())).toList();
    }

    /** Every path of the rules, parsed; {@link IllegalArgumentException} on a malformed one. */
    public static List<PathSelector> selectors(List<IgnoreRule> rules) {
        return rules.stream().flatMap(r -> r.paths().stream()).map(PathSelector::parse).toList();
    }

    public static Set<String> managers(List<IgnoreRule> rules) {
        Set<String> out = new LinkedHashSet<>();
        rules.forEach(r -> out.addAll(r.managers()));
        return out;
    }

    /** Removes (in place) every location the selectors name in {@code object}. */
    static void strip(Map<String, Object> object, List<PathSelector> selectors) {
        for (PathSelector selector : selectors) {
            List<List<Object>> found = new ArrayList<>(selector.resolve(object));
            Collections.reverse(found); // later list positions first, so earlier ones stay valid
            found.forEach(location -> remove(object, location));
        }
    }

    private static void remove(Object root, List<Object> location) {
        Object parent = root;
        for (Object step : location.subList(0, location.size() - 1)) {
            parent = PathSelector.childOf(parent, step);
        }
        Object last = location.get(location.size() - 1);
        if (parent instanceof Map<?, ?> m) {
            m.remove(last);
        } else if (parent instanceof List<?> l) {
            l.remove((int) (Integer) last);
        }
    }

    /**
     * A copy of {@code desired} in which every ignored field the desired object sets takes its live value, so an
     * apply leaves it as it is in the cluster. Fields the desired object does not set are left out (an apply does
     * not touch them). {@code live == null} or no matching rule: an unchanged copy.
     *
     * @throws IllegalArgumentException when a matching rule has a malformed path
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> keepLive(Map<String, Object> desired, GenericKubernetesResource live,
                                               List<IgnoreRule> rules) {
        Map<String, Object> copy = (Map<String, Object>) Normalizer.deepCopy(desired);
        if (live == null) {
            return copy;
        }
        ResourceKey key = ResourceKey.of(desired);
        if (key.namespace() == null && live.getMetadata() != null) {
            key = key.withNamespace(live.getMetadata().getNamespace());
        }
        List<IgnoreRule> matched = matching(rules, key);
        if (matched.isEmpty()) {
            return copy;
        }
        Map<String, Object> liveMap = Normalizer.toMap(live);
        for (PathSelector selector : selectors(matched)) {
            LiveValues.copyPath(selector, copy, liveMap);
        }
        LiveValues.copyOwned(copy, liveMap, managers(matched));
        return copy;
    }
}
