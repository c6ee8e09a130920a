package dev.plumbline.render;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Applies {@code patches}, {@code patchesStrategicMerge} and {@code patchesJson6902}. A patch whose content is a
 * list is a JSON 6902 patch (it needs a {@code target}); otherwise each document is a strategic merge patch, applied
 * to every object its {@code target} selects or, without one, to the object its own apiVersion, kind, name (and
 * namespace, if given) identify. A patch that matches nothing is a warning (Kustomize ignores a target that selects
 * nothing, and fails on a strategic merge patch naming a missing object; Plumbline warns in both cases).
 */
final class Patches {

    enum Mode { ANY, STRATEGIC_MERGE, JSON6902 }

    /** Reads a file a kustomization refers to (inside its directory), or records why it cannot. */
    interface Loader {
        /** [content, repo path], or null. */
        LoadedFile load(Kustomization k, String relative, int line);
    }

    record LoadedFile(String path, byte[] content) {
    }

    private final Kustomization k;
    private final YamlReader reader;
    private final Loader loader;
    private final Problems problems;

    Patches(Kustomization k, YamlReader reader, Loader loader, Problems problems) {
        this.k = k;
        this.reader = reader;
        this.loader = loader;
        this.problems = problems;
    }

    void apply(List<Resource> resources, List<Kustomization.PatchEntry> entries, Mode mode) {
        for (Kustomization.PatchEntry entry : entries) {
            List<YamlReader.Document> docs = read(entry);
            if (docs == null) {
                continue;
            }
            if (docs.isEmpty()) {
                // Kustomize refuses an empty patch, except a `patches` entry with a target (then nothing to do)
                if (mode != Mode.ANY || entry.target() == null) {
                    error(entry, "the patch is empty");
                }
                continue;
            }
            boolean json = docs.size() == 1 && docs.get(0).root() instanceof List<?>;
            if (mode == Mode.JSON6902 && !json) {
                error(entry, "a patchesJson6902 entry must hold a list of JSON patch operations");
            } else if (mode == Mode.STRATEGIC_MERGE && json) {
                error(entry, "a patchesStrategicMerge entry must hold YAML objects, not a list of operations");
            } else if (json) {
                applyJson(resources, entry, Values.list(docs.get(0).root()));
            } else {
                applyStrategic(resources, entry, docs);
            }
        }
    }

    private List<YamlReader.Document> read(Kustomization.PatchEntry entry) {
        if (entry.inline() != null) {
            Problems local = new Problems();
            List<YamlReader.Document> docs = reader.read(k.file(), entry.inline().getBytes(
                    java.nio.charset.StandardCharsets.UTF_8), false, local);
            if (local.hasErrors()) {
                local.errors().forEach(p -> error(entry, "inline patch, line " + p.line() + ": " + p.message()));
                return null;
            }
            return docs;
        }
        LoadedFile file = loader.load(k, entry.path(), entry.line());
        if (file == null) {
            return null;
        }
        int before = problems.errorCount();
        List<YamlReader.Document> docs = reader.read(file.path(), file.content(), false, problems);
        return problems.errorCount() > before ? null : docs;
    }

    private void applyJson(List<Resource> resources, Kustomization.PatchEntry entry, List<Object> ops) {
        if (entry.target() == null) {
            error(entry, "a JSON 6902 patch needs a target");
            return;
        }
        try {
            JsonPatch.validate(ops);
        } catch (JsonPatch.PatchException e) {
            error(entry, "invalid JSON patch: " + e.getMessage());
            return;
        }
        List<Resource> targets = select(resources, entry);
        for (Resource r : targets) {
            try {
                JsonPatch.apply(r.body(), ops);
            } catch (JsonPatch.PatchException e) {
                error(entry, "JSON patch of " + r.id() + " failed: " + e.getMessage());
            }
        }
    }

    private void applyStrategic(List<Resource> resources, Kustomization.PatchEntry entry,
                                List<YamlReader.Document> docs) {
        for (YamlReader.Document doc : docs) {
            if (!(doc.root() instanceof Map<?, ?>)) {
                error(entry, "a strategic merge patch must be a YAML object");
                continue;
            }
            Map<String, Object> patch = Values.map(doc.root());
            if (entry.target() != null) {
                for (Resource r : select(resources, entry)) {
                    merge(resources, r, patch, entry);
                }
            } else {
                Resource r = identify(resources, patch, entry);
                if (r != null) {
                    merge(resources, r, patch, entry);
                }
            }
        }
    }

    private void merge(List<Resource> resources, Resource r, Map<String, Object> patch,
                       Kustomization.PatchEntry entry) {
        Map<String, Object> body = Values.copyMap(patch);
        Map<String, Object> meta = Values.map(body.get("metadata"));
        String newName = Values.string(meta.get("name"));
        String newKind = Values.string(body.get("kind"));
        String newApiVersion = Values.string(body.get("apiVersion"));
        body.remove("apiVersion");
        body.remove("kind");
        if (body.get("metadata") instanceof Map<?, ?>) {
            meta.remove("name");
            meta.remove("namespace");
        }
        if (!StrategicMerge.apply(r.body(), body, r.group(), r.kind())) {
            resources.remove(r);
            return;
        }
        if (entry.allowKindChange() && newKind != null) {
            r.body().put("kind", newKind);
            if (newApiVersion != null) {
                r.body().put("apiVersion", newApiVersion);
            }
        }
        if (entry.allowNameChange() && newName != null) {
            r.rename(newName);
        }
    }

    /** The one object a target-less strategic merge patch names, or null (warning / error recorded). */
    private Resource identify(List<Resource> resources, Map<String, Object> patch, Kustomization.PatchEntry entry) {
        String apiVersion = Values.string(patch.get("apiVersion"));
        String kind = Values.string(patch.get("kind"));
        Map<String, Object> meta = Values.map(patch.get("metadata"));
        String name = Values.string(meta.get("name"));
        String namespace = Values.string(meta.get("namespace"));
        if (apiVersion == null || kind == null || name == null) {
            error(entry, "a strategic merge patch without target needs apiVersion, kind and metadata.name");
            return null;
        }
        String group = dev.plumbline.resource.ResourceKey.groupOf(apiVersion);
        List<Resource> found = new ArrayList<>();
        for (Resource r : resources) {
            // No namespace in the patch means the default one, matched against every id the object had (as in
            // Kustomize: an object written in another namespace is not patched; one a base moved there is)
            if (kind.equals(r.kind()) && group.equals(r.group()) && r.hadId(name, namespace == null ? "" : namespace)) {
                found.add(r);
            }
        }
        String id = kind + "/" + (namespace == null ? "" : namespace + "/") + name;
        if (found.isEmpty()) {
            problems.warning(k.file(), entry.line(), "patch for " + id + " matches no object");
            return null;
        }
        if (found.size() > 1) {
            error(entry, "patch for " + id + " matches several objects (" + ids(found) + "); add metadata.namespace");
            return null;
        }
        return found.get(0);
    }

    private List<Resource> select(List<Resource> resources, Kustomization.PatchEntry entry) {
        TargetSelector selector;
        try {
            selector = TargetSelector.of(entry.target());
        } catch (IllegalArgumentException e) {
            error(entry, "invalid patch target: " + e.getMessage());
            return List.of();
        }
        List<Resource> out = new ArrayList<>();
        for (Iterator<Resource> it = resources.iterator(); it.hasNext(); ) {
            Resource r = it.next();
            if (selector.matches(r)) {
                out.add(r);
            }
        }
        if (out.isEmpty()) {
            problems.warning(k.file(), entry.line(), "patch target " + entry.target().describe() + " matches no object");
        }
        return out;
    }

    private static String ids(List<Resource> found) {
        return String.join(", ", found.stream().map(Resource::id).toList());
    }

    private void error(Kustomization.PatchEntry entry, String message) {
        problems.error(k.file(), entry.line(), message);
    }
}
