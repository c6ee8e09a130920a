package dev.plumbline.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The three patch fields of a kustomization: {@code patches}, and the older {@code patchesStrategicMerge} / {@code patchesJson6902}. */
final class PatchParser {

    private PatchParser() {
    }

    static List<Kustomization.PatchEntry> patches(Fields f) {
        List<Kustomization.PatchEntry> out = new ArrayList<>();
        for (Fields p : f.objects("patches", "a patches entry")) {
            p.checkKeys(Set.of("path", "patch", "target", "options"), Map.of());
            Kustomization.Target target = target(p);
            Fields options = p.object("options", "patch options");
            boolean allowName = false;
            boolean allowKind = false;
            if (options != null) {
                options.checkKeys(Set.of("allowNameChange", "allowKindChange"), Map.of());
                allowName = Boolean.TRUE.equals(options.bool("allowNameChange"));
                allowKind = Boolean.TRUE.equals(options.bool("allowKindChange"));
            }
            Kustomization.PatchEntry entry = entry(p, target, allowName, allowKind);
            if (entry != null) {
                out.add(entry);
            }
        }
        return out;
    }

    /** Entries are file paths, or inline YAML (anything spanning lines). */
    static List<Kustomization.PatchEntry> strategicMerge(Fields f) {
        List<Kustomization.PatchEntry> out = new ArrayList<>();
        for (Kustomization.Entry e : f.strings("patchesStrategicMerge")) {
            boolean inline = e.value().contains("\n");
            out.add(new Kustomization.PatchEntry(inline ? null : e.value(), inline ? e.value() : null, null,
                    false, false, e.line()));
        }
        return out;
    }

    static List<Kustomization.PatchEntry> json6902(Fields f) {
        List<Kustomization.PatchEntry> out = new ArrayList<>();
        for (Fields p : f.objects("patchesJson6902", "a patchesJson6902 entry")) {
            p.checkKeys(Set.of("path", "patch", "target"), Map.of());
            Kustomization.Target target = target(p);
            if (target == null) {
                p.error("", "a patchesJson6902 entry needs a target");
                continue;
            }
            Kustomization.PatchEntry entry = entry(p, target, false, false);
            if (entry != null) {
                out.add(entry);
            }
        }
        return out;
    }

    private static Kustomization.PatchEntry entry(Fields p, Kustomization.Target target, boolean allowName,
                                                  boolean allowKind) {
        String path = p.string("path");
        String inline = p.string("patch");
        if ((path == null) == (inline == null)) {
            p.error("", "a patch needs exactly one of `path` and `patch`");
            return null;
        }
        return new Kustomization.PatchEntry(path, inline, target, allowName, allowKind, p.line());
    }

    private static Kustomization.Target target(Fields p) {
        Fields t = p.object("target", "a patch target");
        if (t == null) {
            return null;
        }
        t.checkKeys(Set.of("group", "version", "kind", "name", "namespace", "labelSelector", "annotationSelector"),
                Map.of());
        return new Kustomization.Target(t.string("group"), t.string("version"), t.string("kind"), t.string("name"),
                t.string("namespace"), t.string("labelSelector"), t.string("annotationSelector"));
    }
}
