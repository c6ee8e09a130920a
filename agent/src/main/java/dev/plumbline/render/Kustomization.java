package dev.plumbline.render;

import java.util.List;
import java.util.Map;

/**
 * The supported subset of a {@code kustomization.yaml}, with the line of every entry for error messages.
 * {@code bases} are folded into {@code resources} (after them, as Kustomize does).
 *
 * @param file       the kustomization file's repository path
 * @param dir        its directory: relative paths resolve against it, and files it loads must be inside it
 * @param component  {@code kind: Component}: loaded only through {@code components}, onto the including build
 * @param components directories of components, applied in order to the resources accumulated so far
 * @param helmCharts {@code helmCharts}: Helm charts inflated into resources of this kustomization (after its
 *                   generators, before its transformers, as Kustomize's HelmChartInflationGenerator)
 */
record Kustomization(String file, String dir, boolean component,
                     List<Entry> resources, List<Entry> components,
                     Entry namespace, Entry namePrefix, Entry nameSuffix,
                     Map<String, String> commonLabels, List<LabelsEntry> labels,
                     Map<String, String> commonAnnotations,
                     List<ImageEntry> images, List<ReplicaEntry> replicas,
                     List<PatchEntry> patchesStrategicMerge, List<PatchEntry> patches, List<PatchEntry> patchesJson6902,
                     List<GeneratorEntry> configMapGenerator, List<GeneratorEntry> secretGenerator,
                     GeneratorOptions generatorOptions, List<ReplacementEntry> replacements,
                     List<HelmChart> helmCharts, List<Var> vars) {

    /**
     * A {@code vars} entry (Kustomize's deprecated variables): {@code $(name)} in the var-reference fields becomes
     * the value at {@code fieldPath} of the one object {@code objref} names (group/version/kind compared exactly).
     */
    record Var(String name, String group, String version, String kind, String objName, String namespace,
               String fieldPath, String file, int line) {

        /** As Kustomize prints an object reference: {@code Kind.version.group/name} ({@code [noVer]}/{@code [noGrp]}). */
        String describe() {
            return kind + "." + (version == null || version.isEmpty() ? "[noVer]" : version) + "."
                    + (group == null || group.isEmpty() ? "[noGrp]" : group) + "/"
                    + (namespace == null ? "" : namespace + "/") + objName;
        }
    }

    /**
     * A {@code helmCharts} entry (with {@code helmGlobals.chartHome} resolved against the kustomization's folder).
     *
     * @param chartHome    repository folder of local charts: the chart is {@code <chartHome>/<name>}
     * @param repo         an HTTP(S) chart repository, or null for a chart committed under {@code chartHome}
     * @param valuesInline values written in the kustomization, or null
     * @param valuesMerge  {@code override} (default: inline values win), {@code merge} (the values file wins) or
     *                     {@code replace} (inline values alone)
     */
    record HelmChart(String name, String chartHome, String repo, String version, String releaseName, String namespace,
                     String valuesFile, Map<String, Object> valuesInline, String valuesMerge, boolean includeCRDs,
                     String kubeVersion, List<String> apiVersions, boolean skipHooks, boolean skipTests, int line) {
    }

    /** A {@code replacements} entry: a replacement, or {@code path} to a file listing them. */
    record ReplacementEntry(String path, Replacement replacement, int line) {
    }

    /** Copy the value at {@code fieldPath} of the one object {@code source} selects into every target's fields. */
    record Replacement(Target source, String fieldPath, ReplacementOptions options, List<ReplacementTarget> targets,
                       int line) {
    }

    record ReplacementTarget(Target select, List<Target> reject, List<String> fieldPaths, ReplacementOptions options,
                             int line) {
    }

    /** {@code delimiter}/{@code index}: one part of a delimited string; {@code create}: make missing target fields. */
    record ReplacementOptions(String delimiter, int index, boolean create) {
        static final ReplacementOptions NONE = new ReplacementOptions(null, 0, false);
    }

    /** A string value and the line it is on. */
    record Entry(String value, int line) {
    }

    record LabelsEntry(Map<String, String> pairs, boolean includeSelectors, boolean includeTemplates,
                       List<FieldSpec> fields, int line) {
    }

    record ImageEntry(String name, String newName, String newTag, String digest, int line) {
    }

    record ReplicaEntry(String name, long count, int line) {
    }

    /**
     * A patch. Exactly one of {@code path} (a file, resolved against the kustomization's directory) and
     * {@code inline} is set; {@code target} may be null (then a strategic merge patch names its own target).
     */
    record PatchEntry(String path, String inline, Target target, boolean allowNameChange, boolean allowKindChange,
                      int line) {
    }

    /** Patch target; every set part must match (name, namespace, group, version, kind are anchored regexes). */
    record Target(String group, String version, String kind, String name, String namespace, String labelSelector,
                  String annotationSelector) {

        String describe() {
            StringBuilder out = new StringBuilder();
            append(out, "group", group);
            append(out, "version", version);
            append(out, "kind", kind);
            append(out, "name", name);
            append(out, "namespace", namespace);
            append(out, "labelSelector", labelSelector);
            append(out, "annotationSelector", annotationSelector);
            return out.length() == 0 ? "{}" : "{" + out + "}";
        }

        private static void append(StringBuilder out, String key, String value) {
            if (value != null) {
                out.append(out.length() == 0 ? "" : ", ").append(key).append(": ").append(value);
            }
        }
    }

    /**
     * A configMapGenerator / secretGenerator entry.
     *
     * @param kind     {@code ConfigMap} or {@code Secret}
     * @param behavior {@code create} (default), {@code merge} or {@code replace}
     */
    record GeneratorEntry(String kind, String name, String namespace, String behavior, List<Entry> literals,
                          List<Entry> files, List<Entry> envs, String type, GeneratorOptions options, int line) {
    }

    record GeneratorOptions(Map<String, String> labels, Map<String, String> annotations,
                            Boolean disableNameSuffixHash, Boolean immutable) {

        static final GeneratorOptions NONE = new GeneratorOptions(Map.of(), Map.of(), null, null);

        /** This generator's options over the kustomization-wide ones: maps merged, either flag set wins. */
        GeneratorOptions over(GeneratorOptions global) {
            Map<String, String> l = new java.util.LinkedHashMap<>(global.labels);
            l.putAll(labels);
            Map<String, String> a = new java.util.LinkedHashMap<>(global.annotations);
            a.putAll(annotations);
            return new GeneratorOptions(l, a, Boolean.TRUE.equals(global.disableNameSuffixHash)
                    || Boolean.TRUE.equals(disableNameSuffixHash),
                    Boolean.TRUE.equals(global.immutable) || Boolean.TRUE.equals(immutable));
        }
    }
}
