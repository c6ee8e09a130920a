package dev.plumbline.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code commonLabels}, {@code labels} and {@code commonAnnotations}. As in Kustomize, {@code commonLabels} also
 * go into selectors and pod templates (so they must never change on a live Deployment: selectors are immutable);
 * {@code labels} only touch metadata unless {@code includeSelectors} (then: like commonLabels) or
 * {@code includeTemplates} (pod templates, not selectors). See
 * https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/labels/.
 */
final class LabelTransformer {

    private static final FieldSpec METADATA_LABELS = new FieldSpec(null, null, null, "metadata/labels", true);

    private LabelTransformer() {
    }

    static void apply(List<Resource> resources, Kustomization k) {
        for (Kustomization.LabelsEntry entry : k.labels()) {
            List<FieldSpec> specs = new ArrayList<>(entry.fields());
            if (entry.includeSelectors()) {
                specs.addAll(FieldSpecs.BUILTIN.commonLabels);
            } else {
                specs.add(METADATA_LABELS);
                if (entry.includeTemplates()) {
                    specs.addAll(FieldSpecs.BUILTIN.templateLabels);
                }
            }
            set(resources, entry.pairs(), specs);
        }
        set(resources, k.commonLabels(), FieldSpecs.BUILTIN.commonLabels);
        set(resources, k.commonAnnotations(), FieldSpecs.BUILTIN.commonAnnotations);
    }

    /** Puts every pair into the map at each spec's path (creating it where the spec says so). */
    static void set(List<Resource> resources, Map<String, String> pairs, List<FieldSpec> specs) {
        if (pairs.isEmpty()) {
            return;
        }
        List<String[]> paths = specs.stream().map(FieldSpec::segments).toList();
        for (Resource r : resources) {
            for (int i = 0; i < specs.size(); i++) {
                FieldSpec spec = specs.get(i);
                if (spec.selects(r)) {
                    FieldSpec.visit(r.body(), paths.get(i), 0, spec.create(),
                            (parent, key) -> Values.child(parent, key).putAll(pairs));
                }
            }
        }
    }
}
