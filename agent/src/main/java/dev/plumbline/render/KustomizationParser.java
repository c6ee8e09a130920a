package dev.plumbline.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code kustomization.yaml} into a {@link Kustomization}, reporting every unsupported or malformed field
 * with file:line. Field names follow https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/.
 */
final class KustomizationParser {

    static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "metadata", "resources", "bases", "namespace",
            "namePrefix", "nameSuffix", "commonLabels", "labels", "commonAnnotations", "images", "replicas", "patches",
            "components", "replacements", "helmCharts", "helmGlobals", "vars",
            "patchesStrategicMerge", "patchesJson6902", "configMapGenerator", "secretGenerator", "generatorOptions");

    private static final String NOT_SUPPORTED = " is not supported by Plumbline's Kustomize subset (see docs/rendering.md)";
    static final Map<String, String> TARGETED = Map.ofEntries(
            Map.entry("helmChartInflationGenerator", "`helmChartInflationGenerator`" + NOT_SUPPORTED + ": use `helmCharts`"),
            Map.entry("transformers", "`transformers` (plugins)" + NOT_SUPPORTED),
            Map.entry("generators", "`generators` (plugins)" + NOT_SUPPORTED),
            Map.entry("validators", "`validators` (plugins)" + NOT_SUPPORTED),
            Map.entry("configurations", "`configurations` (custom field specs)" + NOT_SUPPORTED),
            Map.entry("crds", "`crds`" + NOT_SUPPORTED),
            Map.entry("openapi", "`openapi`" + NOT_SUPPORTED),
            Map.entry("buildMetadata", "`buildMetadata`" + NOT_SUPPORTED),
            Map.entry("sortOptions", "`sortOptions`" + NOT_SUPPORTED + ": output follows Kustomize's default order"),
            Map.entry("imageTags", "`imageTags`" + NOT_SUPPORTED + ": use `images`"),
            Map.entry("inventory", "`inventory`" + NOT_SUPPORTED));

    private KustomizationParser() {
    }

    /** The kustomization, or null if it could not be read at all (problems recorded). */
    static Kustomization parse(String file, String dir, byte[] content, YamlReader reader, Problems problems) {
        int before = problems.errorCount();
        List<YamlReader.Document> docs = reader.read(file, content, true, problems);
        if (docs.isEmpty()) {
            if (problems.errorCount() == before) {
                problems.error(file, 1, "kustomization is empty");
            }
            return null;
        }
        YamlReader.Document doc = docs.get(0);
        if (docs.size() > 1) {
            problems.error(file, docs.get(1).line(), "a kustomization file holds one document");
        }
        if (!(doc.root() instanceof Map<?, ?>)) {
            problems.error(file, doc.line(), "a kustomization must be a mapping");
            return null;
        }
        Fields f = new Fields(file, doc.lines(), Values.map(doc.root()), doc.line(), "the kustomization", problems);
        f.checkKeys(SUPPORTED, TARGETED);
        boolean component = checkHeader(f);
        List<Kustomization.Entry> resources = new ArrayList<>(f.strings("resources"));
        resources.addAll(f.strings("bases"));
        return new Kustomization(file, dir, component, resources, f.strings("components"), f.entry("namespace"), f.entry("namePrefix"),
                f.entry("nameSuffix"), f.stringMap("commonLabels"), labels(f), f.stringMap("commonAnnotations"),
                images(f), replicas(f), PatchParser.strategicMerge(f), PatchParser.patches(f),
                PatchParser.json6902(f), GeneratorParser.generators(f, "configMapGenerator", "ConfigMap"),
                GeneratorParser.generators(f, "secretGenerator", "Secret"), GeneratorParser.options(f), ReplacementParser.entries(f),
                HelmChartParser.charts(f, dir), Vars.parse(f));
    }

    /** Checks apiVersion and kind; whether it is a {@code kind: Component}. */
    private static boolean checkHeader(Fields f) {
        String apiVersion = f.string("apiVersion");
        if (apiVersion != null && !apiVersion.startsWith("kustomize.config.k8s.io/")) {
            f.error("apiVersion", "apiVersion of a kustomization must be kustomize.config.k8s.io/v1beta1, not "
                    + apiVersion);
        }
        String kind = f.string("kind");
        if (kind != null && !kind.equals("Kustomization") && !kind.equals("Component")) {
            f.error("kind", "kind of a kustomization must be Kustomization or Component, not " + kind);
        }
        return "Component".equals(kind);
    }

    private static List<Kustomization.LabelsEntry> labels(Fields f) {
        List<Kustomization.LabelsEntry> out = new ArrayList<>();
        for (Fields entry : f.objects("labels", "a labels entry")) {
            entry.checkKeys(Set.of("pairs", "includeSelectors", "includeTemplates", "fields"), Map.of());
            List<FieldSpec> fields = new ArrayList<>();
            for (Fields spec : entry.objects("fields", "a labels field spec")) {
                spec.checkKeys(Set.of("path", "group", "version", "kind", "create"), Map.of());
                fields.add(FieldSpec.of(spec.raw()));
            }
            out.add(new Kustomization.LabelsEntry(entry.stringMap("pairs"),
                    Boolean.TRUE.equals(entry.bool("includeSelectors")),
                    Boolean.TRUE.equals(entry.bool("includeTemplates")), fields, entry.line()));
        }
        return out;
    }

    private static List<Kustomization.ImageEntry> images(Fields f) {
        List<Kustomization.ImageEntry> out = new ArrayList<>();
        for (Fields image : f.objects("images", "an images entry")) {
            image.checkKeys(Set.of("name", "newName", "newTag", "digest"),
                    Map.of("tagSuffix", "`tagSuffix` in images" + NOT_SUPPORTED));
            String name = image.string("name");
            if (name == null || name.isEmpty()) {
                f.error("images", "an images entry needs a name");
                continue;
            }
            out.add(new Kustomization.ImageEntry(name, image.string("newName"), image.string("newTag"),
                    image.string("digest"), image.line()));
        }
        return out;
    }

    private static List<Kustomization.ReplicaEntry> replicas(Fields f) {
        List<Kustomization.ReplicaEntry> out = new ArrayList<>();
        for (Fields replica : f.objects("replicas", "a replicas entry")) {
            replica.checkKeys(Set.of("name", "count"), Map.of());
            String name = replica.string("name");
            Long count = replica.integer("count");
            if (name == null || count == null) {
                replica.error("", "a replicas entry needs a name and an integer count");
                continue;
            }
            out.add(new Kustomization.ReplicaEntry(name, count, replica.line()));
        }
        return out;
    }
}
