package dev.plumbline.render;

import dev.plumbline.resource.RepoTree;

import java.util.ArrayList;
import java.util.List;

/**
 * An environment without a kustomization: every {@code *.yaml} / {@code *.yml} file in its folder, recursively, in
 * path order — except {@code plumbline.yaml} at its root (Plumbline's policy) and names starting with a dot.
 */
final class PlainYaml {

    private final RepoTree tree;
    private final Manifests manifests;
    private final Problems problems;

    PlainYaml(RepoTree tree, YamlReader reader, Problems problems) {
        this.tree = tree;
        this.manifests = new Manifests(reader);
        this.problems = problems;
    }

    List<Resource> read(String envDir) {
        List<String> files = new ArrayList<>();
        collect(envDir, files);
        files.remove(envDir + "/" + Renderer.POLICY_FILE);
        List<Resource> out = new ArrayList<>();
        for (String file : files) {
            String name = file.substring(file.lastIndexOf('/') + 1);
            if (KustomizeBuilder.FILE_NAMES.contains(name)) {
                problems.error(file, 0, "a kustomization below the environment folder is read as a manifest in "
                        + "plain mode; put the kustomization.yaml at " + envDir + " to build with Kustomize");
                continue;
            }
            out.addAll(manifests.read(file, tree.read(file), problems));
        }
        return out;
    }

    private void collect(String dir, List<String> files) {
        for (String name : tree.list(dir)) {
            if (name.startsWith(".")) {
                continue;
            }
            String path = dir + "/" + name;
            if (tree.isDirectory(path)) {
                collect(path, files);
            } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                files.add(path);
            }
        }
    }
}
