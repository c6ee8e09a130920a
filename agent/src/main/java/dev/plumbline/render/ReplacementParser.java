package dev.plumbline.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code replacements} field: each entry is a replacement ({@code source} + {@code targets}) or {@code path}, a
 * file holding a list of them (read when the kustomization builds, see {@link Replacements}). Every malformed part
 * is an error at its line.
 */
final class ReplacementParser {

    private static final Set<String> SELECTOR = Set.of("group", "version", "kind", "name", "namespace",
            "labelSelector", "annotationSelector");

    private ReplacementParser() {
    }

    static List<Kustomization.ReplacementEntry> entries(Fields f) {
        List<Kustomization.ReplacementEntry> out = new ArrayList<>();
        for (Fields entry : f.objects("replacements", "a replacements entry")) {
            String path = entry.string("path");
            if (path != null) {
                entry.checkKeys(Set.of("path"), Map.of());
                out.add(new Kustomization.ReplacementEntry(path, null, entry.line()));
            } else {
                Kustomization.Replacement r = replacement(entry);
                if (r != null) {
                    out.add(new Kustomization.ReplacementEntry(null, r, entry.line()));
                }
            }
        }
        return out;
    }

    /** One {@code {source, targets}} object, or null (recorded) when malformed. */
    static Kustomization.Replacement replacement(Fields entry) {
        entry.checkKeys(Set.of("source", "targets"), Map.of());
        Fields source = entry.object("source", "a replacement source");
        if (source == null) {
            entry.error("", "a replacement needs a source (and targets)");
            return null;
        }
        // Kustomize's source is an object id, not a selector: labelSelector/annotationSelector are unknown fields
        source.checkKeys(Set.of("group", "version", "kind", "name", "namespace", "fieldPath", "options"), Map.of());
        String fieldPath = source.string("fieldPath");
        Kustomization.ReplacementOptions sourceOptions = options(source);
        List<Kustomization.ReplacementTarget> targets = new ArrayList<>();
        for (Fields t : entry.objects("targets", "a replacement target")) {
            t.checkKeys(Set.of("select", "reject", "fieldPaths", "options"), Map.of());
            Fields select = t.object("select", "a replacement target's select");
            if (select == null) {
                t.error("", "a replacement target needs `select`");
                continue;
            }
            select.checkKeys(SELECTOR, Map.of());
            List<Kustomization.Target> reject = new ArrayList<>();
            for (Fields r : t.objects("reject", "a replacement target's reject")) {
                r.checkKeys(SELECTOR, Map.of());
                reject.add(selector(r));
            }
            List<String> paths = t.strings("fieldPaths").stream().map(Kustomization.Entry::value).toList();
            if (paths.isEmpty()) {
                t.error("", "a replacement target needs `fieldPaths`");
                continue;
            }
            targets.add(new Kustomization.ReplacementTarget(selector(select), reject, paths, options(t), t.line()));
        }
        return new Kustomization.Replacement(selector(source), fieldPath == null || fieldPath.isEmpty()
                ? "metadata.name" : fieldPath, sourceOptions, targets, entry.line());
    }

    private static Kustomization.Target selector(Fields s) {
        return new Kustomization.Target(s.string("group"), s.string("version"), s.string("kind"), s.string("name"),
                s.string("namespace"), s.string("labelSelector"), s.string("annotationSelector"));
    }

    private static Kustomization.ReplacementOptions options(Fields holder) {
        Fields o = holder.object("options", "replacement options");
        if (o == null) {
            return Kustomization.ReplacementOptions.NONE;
        }
        o.checkKeys(Set.of("delimiter", "index", "create"), Map.of());
        Long index = o.integer("index"); // negative: a target prepends, a source is out of bounds (as Kustomize)
        return new Kustomization.ReplacementOptions(o.string("delimiter"), index == null ? 0 : index.intValue(),
                Boolean.TRUE.equals(o.bool("create")));
    }
}
