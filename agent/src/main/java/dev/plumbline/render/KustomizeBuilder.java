package dev.plumbline.render;

import dev.plumbline.resource.RepoTree;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds a kustomization directory the way {@code kubectl kustomize} does, for the supported subset. Per level:
 * resources (files, and directories with their own kustomization, recursively), then generators (Helm charts last,
 * see {@link HelmCharts}), then components, then transformers
 * in Kustomize's order — patchesStrategicMerge, patches, namespace, namePrefix, nameSuffix, labels, commonLabels,
 * commonAnnotations, patchesJson6902, replicas, images, replacements; then the level's {@code vars} are tied to
 * their objects. Once, at the top: content-hash suffixes, then name references, then {@code $(VAR)} ({@link Vars}). Files a kustomization loads (manifests, patches, generator sources) must be in or below its directory
 * (Kustomize's default load restriction); directories may be anywhere in the repository.
 */
final class KustomizeBuilder implements Patches.Loader {

    static final List<String> FILE_NAMES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

    private final RepoTree tree;
    private final YamlReader reader;
    private final Manifests manifests;
    private final Problems problems;
    private final HelmCharts helm;
    private final Vars vars;
    private final Deque<String> stack = new ArrayDeque<>();

    /** @param options where pulled charts are kept and which credentials chart repositories get */
    KustomizeBuilder(RepoTree tree, YamlReader reader, RenderOptions options, Problems problems) {
        this.tree = tree;
        this.reader = reader;
        this.manifests = new Manifests(reader.kustomize()); // Kustomize's annotation values are text
        this.problems = problems;
        this.helm = new HelmCharts(tree, reader, this, options, problems);
        this.vars = new Vars(problems);
    }

    /** The kustomization file in {@code dir}, or null; several are an error (as in Kustomize). */
    static String kustomizationFile(RepoTree tree, String dir, Problems problems) {
        List<String> found = FILE_NAMES.stream().filter(n -> tree.isFile(join(dir, n))).toList();
        if (found.size() > 1) {
            problems.error(join(dir, found.get(1)), 0, "found several kustomization files in " + dir + ": " + found);
        }
        return found.isEmpty() ? null : join(dir, found.get(0));
    }

    /** Builds {@code dir} (which holds a kustomization) and finishes: hash suffixes and name references. */
    List<Resource> build(String dir) {
        List<Resource> resources = level(dir, kustomizationFile(tree, dir, problems), null);
        if (problems.hasErrors()) {
            return resources;
        }
        for (Resource r : resources) {
            if (r.needsHashSuffix) {
                r.rename(r.name() + "-" + ContentHash.of(r.body()));
            }
        }
        NameReferences.fix(resources, problems);
        vars.resolve(resources); // as Kustomize: after names are final, so a var reading metadata.name sees them
        resources.forEach(KustomizeBuilder::annotationsAsText);
        return resources;
    }

    /**
     * Annotation values are strings: what a JSON patch added as a number or boolean is printed as text, as
     * {@code kubectl kustomize} does (values read from YAML are already the text written, see
     * {@link YamlReader#kustomize()}).
     */
    private static void annotationsAsText(Resource r) {
        if (r.body().get("metadata") instanceof Map<?, ?> metadata && metadata.get("annotations") instanceof Map<?, ?> a) {
            @SuppressWarnings("unchecked")
            Map<String, Object> annotations = (Map<String, Object>) a;
            annotations.replaceAll((key, value) -> value instanceof Long || value instanceof Boolean || value instanceof Double
                    || value instanceof java.math.BigInteger ? String.valueOf(value) : value);
        }
    }

    /**
     * One kustomization's build: its resources, then its generators, its components and its transformers.
     *
     * @param includedBy the kustomization listing this directory under {@code resources} (null: the environment's own)
     */
    private List<Resource> level(String dir, String file, Kustomization.Entry includedBy) {
        byte[] content = tree.read(file);
        Kustomization k = KustomizationParser.parse(file, dir, content, reader, problems);
        if (k == null) {
            return new ArrayList<>();
        }
        if (k.component() && includedBy != null) {
            problems.error(file, 1, "kind Component in " + dir + " is included as a resource; list it under `components`");
            return new ArrayList<>();
        }
        stack.addLast(dir);
        try {
            int before = problems.errorCount();
            List<Resource> resources = accumulate(k);
            build(k, resources, before);
            return resources;
        } finally {
            stack.removeLast();
        }
    }

    /**
     * Generators, components and transformers of {@code k}, onto {@code resources}. Kustomize's order (checked with
     * {@code kubectl kustomize}): the kustomization's own generators run before its components, so a component's
     * transformers and generator merges see what the kustomization generated, and a kustomization's
     * {@code behavior: merge|replace} cannot reach an object one of its components generates.
     */
    private void build(Kustomization k, List<Resource> resources, int before) {
        new Generators(k, this, problems).apply(resources);
        helm.inflate(k, resources); // Kustomize runs the chart inflation generator after the ConfigMap and Secret ones
        components(k, resources);
        if (problems.errorCount() == before) { // transformers on broken input only add noise
            transform(k, resources);
            vars.declare(k, resources); // Kustomize's MergeVars: after the level's transformers
        }
    }

    /**
     * Kustomize's components: each directory (a {@code kind: Component}) adds its resources to the ones accumulated so
     * far, then runs its own generators, components and transformers on all of them (the including kustomization's
     * generated objects among them), before the including kustomization's transformers run.
     */
    private void components(Kustomization k, List<Resource> resources) {
        for (Kustomization.Entry entry : k.components()) {
            String path = directory(k, entry, "component");
            if (path == null) {
                continue;
            }
            String file = kustomizationFile(tree, path, problems);
            if (stack.contains(path)) {
                problems.error(k.file(), entry.line(), "component " + entry.value() + " closes a cycle: "
                        + String.join(" -> ", stack) + " -> " + path);
                continue;
            } else if (file == null) {
                problems.error(k.file(), entry.line(), "component " + entry.value() + " must be a directory with a "
                        + "kustomization.yaml of kind Component (" + path + ")");
                continue;
            }
            Kustomization component = KustomizationParser.parse(file, path, tree.read(file), reader, problems);
            if (component == null) {
                continue;
            }
            if (!component.component()) {
                problems.error(k.file(), entry.line(), "component " + entry.value() + " is a Kustomization, not a "
                        + "Component (" + file + " needs kind: Component)");
                continue;
            }
            stack.addLast(path);
            try {
                int before = problems.errorCount();
                resources.addAll(accumulate(component));
                build(component, resources, before);
            } finally {
                stack.removeLast();
            }
        }
    }

    /**
     * The repository path an entry names, relative to the kustomization, or null (recorded at its line) when it is
     * absolute, leaves the repository, or is remote: every resource and component must be in the repository.
     */
    private String inRepository(Kustomization k, Kustomization.Entry entry, String what) {
        if (isAbsolute(entry.value())) {
            problems.error(k.file(), entry.line(), what + " " + entry.value() + " is absolute; paths are relative to the "
                    + "kustomization's directory");
            return null;
        }
        String path;
        try {
            path = RepoTree.resolve(k.dir(), entry.value());
        } catch (RepoTree.RepoPathException e) {
            problems.error(k.file(), entry.line(), what + " " + entry.value() + " leaves the repository");
            return null;
        }
        if (entry.value().contains("://") || entry.value().startsWith("git@")) {
            problems.error(k.file(), entry.line(), "remote " + what + " " + entry.value()
                    + " is not supported: every " + what + " must be in the repository");
            return null;
        }
        return path;
    }

    /** The repository path of a directory entry, or null (recorded) when absolute, escaping, remote or not a folder. */
    private String directory(Kustomization k, Kustomization.Entry entry, String what) {
        String path = inRepository(k, entry, what);
        if (path == null) {
            return null;
        }
        if (!tree.isDirectory(path)) {
            problems.error(k.file(), entry.line(), what + " " + entry.value() + " is not a directory (" + path + ")");
            return null;
        }
        return path;
    }

    private List<Resource> accumulate(Kustomization k) {
        List<Resource> out = new ArrayList<>();
        for (Kustomization.Entry entry : k.resources()) {
            String path = inRepository(k, entry, "resource");
            if (path == null) {
                continue;
            }
            if (tree.isDirectory(path)) {
                String file = kustomizationFile(tree, path, problems);
                if (stack.contains(path)) {
                    problems.error(k.file(), entry.line(), "resource " + entry.value() + " closes a cycle: "
                            + String.join(" -> ", stack) + " -> " + path);
                } else if (file == null) {
                    problems.error(k.file(), entry.line(), "resource directory " + path
                            + " has no kustomization.yaml (Kustomize needs one to include a directory)");
                } else {
                    out.addAll(level(path, file, entry));
                }
            } else if (path.matches(Renderer.ENVIRONMENTS + "/[^/]+/" + Pattern.quote(Renderer.POLICY_FILE))) {
                problems.error(k.file(), entry.line(), path + " is Plumbline's policy file, never a manifest");
            } else {
                Patches.LoadedFile loaded = load(k, entry.value(), entry.line(), "resource");
                if (loaded != null) {
                    out.addAll(manifests.read(loaded.path(), loaded.content(), problems));
                }
            }
        }
        return out;
    }

    private void transform(Kustomization k, List<Resource> resources) {
        Patches patches = new Patches(k, reader.kustomizePatch(), this, problems);
        patches.apply(resources, k.patchesStrategicMerge(), Patches.Mode.STRATEGIC_MERGE);
        patches.apply(resources, k.patches(), Patches.Mode.ANY);
        NameTransformer.namespace(resources, value(k.namespace()));
        NameTransformer.prefixSuffix(resources, value(k.namePrefix()), value(k.nameSuffix()));
        LabelTransformer.apply(resources, k);
        patches.apply(resources, k.patchesJson6902(), Patches.Mode.JSON6902);
        ReplicaTransformer.apply(resources, k, problems);
        ImageTransformer.apply(resources, k.images());
        new Replacements(k, this, reader, problems).apply(resources); // Kustomize runs them last
    }

    private static String value(Kustomization.Entry entry) {
        return entry == null ? null : entry.value();
    }

    @Override
    public Patches.LoadedFile load(Kustomization k, String relative, int line) {
        return load(k, relative, line, "file");
    }

    private Patches.LoadedFile load(Kustomization k, String relative, int line, String what) {
        String path;
        if (isAbsolute(relative)) {
            problems.error(k.file(), line, what + " " + relative + " is absolute; paths are relative to the "
                    + "kustomization's directory");
            return null;
        }
        try {
            path = RepoTree.resolve(k.dir(), relative);
        } catch (RepoTree.RepoPathException e) {
            problems.error(k.file(), line, what + " " + relative + " leaves the repository");
            return null;
        }
        if (!tree.isFile(path)) {
            problems.error(k.file(), line, what + " " + relative + " does not exist (" + path + ")");
            return null;
        }
        if (!k.dir().isEmpty() && !path.startsWith(k.dir() + "/")) {
            problems.error(k.file(), line, what + " " + relative + " is outside " + k.dir() + ": Kustomize loads "
                    + "files only from the kustomization's own directory; include a directory with its own "
                    + "kustomization instead");
            return null;
        }
        try {
            return new Patches.LoadedFile(path, tree.read(path));
        } catch (RepoTree.RepoPathException e) {
            problems.error(k.file(), line, what + " " + relative + " cannot be read: " + e.getMessage());
            return null;
        }
    }

    private static boolean isAbsolute(String path) {
        return path.startsWith("/") || path.startsWith("\\") || path.matches("^[A-Za-z]:[\\\\/].*");
    }

    static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }
}
