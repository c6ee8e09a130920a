package dev.plumbline.diff;

import dev.plumbline.kube.Normalizer;
import dev.plumbline.config.EnvironmentPolicy.IgnoreRule;
import dev.plumbline.resource.ResourceKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compares a dry-run answer with the live object at the same resourceVersion: normalize both, drop ignored paths,
 * mask sensitive values, diff structurally, attribute each change, drop changes owned by ignored managers.
 * Pure: no API calls.
 */
public final class Comparison {

    private static final int SUMMARY_FIELDS = 3;

    private Comparison() {
    }

    /**
     * @param answer  the dry-run answer, as returned (managedFields included)
     * @param liveRaw the live object, as returned (managedFields included, they attribute the changes)
     */
    public static DiffResult of(ResourceKey key, String apiVersion, Map<String, Object> desiredBody, Map<String, Object> answer,
                         Map<String, Object> liveRaw, List<IgnoreRule> rules, DiffOptions options) {
        Map<String, Object> desired = Normalizer.normalize(answer);
        Map<String, Object> live = Normalizer.normalize(liveRaw);
        List<PathSelector> selectors = IgnoredFields.selectors(rules);
        IgnoredFields.strip(desired, selectors);
        IgnoredFields.strip(live, selectors);
        boolean sensitive = SecretMasking.sensitive(key.kind(), desiredBody, liveRaw, options.sensitiveAnnotation());
        List<String> sensitiveKeys = sensitive ? SecretMasking.mask(desired, live) : List.of();

        ManagedFieldsIndex index = ManagedFieldsIndex.of(liveRaw);
        Set<String> ignoredManagers = IgnoredFields.managers(rules);
        List<FieldChange> changes = new ArrayList<>();
        for (Difference d : StructuralDiff.compare(desired, live)) {
            List<ChangedBy> owners = index.owners(d.path(), live, options.fieldManager());
            if (owners.stream().noneMatch(o -> ignoredManagers.contains(o.manager()))) {
                changes.add(new FieldChange(d.pointer(), d.field(), d.desired(), d.live(), Attribution.choose(owners)));
            }
        }
        String message = changes.isEmpty() ? null : summary(changes, sensitiveKeys);
        return new DiffResult(DriftEntry.ofChanges(key, apiVersion, changes, message), desired, live);
    }

    /** The normalized, masked manifest of a Missing object, for the text diff. */
    public static Map<String, Object> missing(ResourceKey key, Map<String, Object> desiredBody, DiffOptions options) {
        Map<String, Object> desired = Normalizer.normalize(desiredBody);
        if (SecretMasking.sensitive(key.kind(), desiredBody, null, options.sensitiveAnnotation())) {
            SecretMasking.mask(desired, null);
        }
        return desired;
    }

    private static String summary(List<FieldChange> changes, List<String> sensitiveKeys) {
        String fields = changes.stream().limit(SUMMARY_FIELDS).map(FieldChange::field)
                .collect(Collectors.joining(", "));
        String more = changes.size() > SUMMARY_FIELDS ? ", ..." : "";
        String text = changes.size() + (changes.size() == 1 ? " field differs: " : " fields differ: ") + fields + more;
        Set<String> reported = changes.stream().map(c -> Attribution.normalize(c.field())).collect(Collectors.toSet());
        List<String> keys = sensitiveKeys.stream()
                .filter(k -> reported.stream().anyMatch(f -> k.equals(f) || k.startsWith(f + ".")))
                .toList();
        return keys.isEmpty() ? text : text + "; sensitive keys changed (values not shown): " + String.join(", ", keys);
    }
}
