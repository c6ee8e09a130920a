package dev.plumbline.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code configMapGenerator}, {@code secretGenerator} and {@code generatorOptions} of a kustomization. */
final class GeneratorParser {

    private static final Set<String> OPTION_KEYS = Set.of("labels", "annotations", "disableNameSuffixHash",
            "immutable");

    private GeneratorParser() {
    }

    static List<Kustomization.GeneratorEntry> generators(Fields f, String field, String kind) {
        List<Kustomization.GeneratorEntry> out = new ArrayList<>();
        Set<String> keys = kind.equals("Secret")
                ? Set.of("name", "namespace", "behavior", "literals", "files", "envs", "env", "type", "options")
                : Set.of("name", "namespace", "behavior", "literals", "files", "envs", "env", "options");
        for (Fields g : f.objects(field, "a " + field + " entry")) {
            g.checkKeys(keys, Map.of());
            String name = g.string("name");
            if (name == null || name.isEmpty()) {
                g.error("", "a " + field + " entry needs a name");
                continue;
            }
            String behavior = g.string("behavior");
            if (behavior != null && !Set.of("create", "merge", "replace").contains(behavior)) {
                g.error("behavior", "behavior must be create, merge or replace, not " + behavior);
                continue;
            }
            List<Kustomization.Entry> envs = new ArrayList<>(g.strings("envs"));
            Kustomization.Entry env = g.entry("env"); // older single-file spelling
            if (env != null) {
                envs.add(env);
            }
            Fields options = g.object("options", "generator options");
            out.add(new Kustomization.GeneratorEntry(kind, name, g.string("namespace"),
                    behavior == null ? "create" : behavior, g.strings("literals"), g.strings("files"), envs,
                    g.string("type"), options == null ? Kustomization.GeneratorOptions.NONE : readOptions(options),
                    g.line()));
        }
        return out;
    }

    static Kustomization.GeneratorOptions options(Fields f) {
        Fields o = f.object("generatorOptions", "generatorOptions");
        return o == null ? Kustomization.GeneratorOptions.NONE : readOptions(o);
    }

    private static Kustomization.GeneratorOptions readOptions(Fields o) {
        o.checkKeys(OPTION_KEYS, Map.of());
        return new Kustomization.GeneratorOptions(o.stringMap("labels"), o.stringMap("annotations"),
                o.bool("disableNameSuffixHash"), o.bool("immutable"));
    }
}
