package dev.plumbline.render;

import dev.plumbline.resource.RepoTree;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Kustomize's {@code helmCharts}: each chart rendered with {@link HelmTemplate} and its objects added to the
 * kustomization's resources, so that its transformers apply to them, as {@code kubectl kustomize --enable-helm}
 * does. A chart committed under {@code chartHome} is read through the {@link RepoTree} (so its files count as reads
 * of the render: a push that changes a template or a values file re-renders the environment) and copied to a
 * private temporary folder for Helm; a chart with {@code repo} comes from {@link ChartRepository}'s cache. Values:
 * {@code valuesFile} (default: the chart's {@code values.yaml}), with {@code valuesInline} merged per
 * {@code valuesMerge}, written to one values file as Kustomize does. Every failure is an error at the chart's
 * {@code helmCharts} line, or at the template and line Helm names.
 */
final class HelmCharts {

    private final RepoTree tree;
    private final YamlReader reader;
    private final Manifests manifests;
    private final Patches.Loader loader;
    private final ChartRepository repository;
    private final KindScopes kindScopes; // the target cluster's discovery (its version for .Capabilities), or null
    private final Problems problems;

    HelmCharts(RepoTree tree, YamlReader reader, Patches.Loader loader, RenderOptions options, Problems problems) {
        this.tree = tree;
        this.reader = reader;
        this.manifests = new Manifests(reader.kustomize());
        this.loader = loader;
        this.repository = new ChartRepository(options.chartCache(), options.chartCredentials());
        this.kindScopes = options.kindScopes();
        this.problems = problems;
    }

    /** Adds the objects of every chart of {@code k} to {@code resources}. */
    void inflate(Kustomization k, List<Resource> resources) {
        for (Kustomization.HelmChart chart : k.helmCharts()) {
            Path work = null;
            try {
                work = Files.createTempDirectory("plumbline-helm-");
                inflate(k, chart, work, resources);
            } catch (IOException e) {
                problems.error(k.file(), chart.line(), "chart " + chart.name() + " render failed: " + e);
            } finally {
                delete(work);
            }
        }
    }

    private void inflate(Kustomization k, Kustomization.HelmChart chart, Path work, List<Resource> resources)
            throws IOException {
        String label = chart.repo() == null ? chart.chartHome() + "/" + chart.name()
                : chart.repo() + "/" + chart.name() + "-" + chart.version() + ".tgz";
        Path chartPath = chart.repo() == null ? copyLocal(k, chart, work) : pull(k, chart);
        if (chartPath == null) {
            return;
        }
        int before = problems.errorCount();
        Path values = values(k, chart, chartPath, work);
        if (problems.errorCount() > before) {
            return;
        }
        List<HelmTemplate.Part> parts;
        try {
            parts = HelmTemplate.render(chartPath, chart.name(), chart, values,
                    kindScopes);
        } catch (HelmTemplate.TemplateException e) {
            if (e.template != null) {
                problems.error(sourceFile(label, chart.name(), e.template), e.line, "chart " + chart.name()
                        + " template failed: " + e.getMessage() + " (helmCharts entry at " + k.file() + ":"
                        + chart.line() + ")");
            } else {
                problems.error(k.file(), chart.line(), "chart " + chart.name() + " template failed: " + e.getMessage());
            }
            return;
        } catch (LinkageError e) {
            problems.error(k.file(), chart.line(), "chart " + chart.name() + " template failed: the Helm library "
                    + "could not be loaded on this platform: " + e);
            return;
        }
        for (HelmTemplate.Part part : parts) {
            resources.addAll(manifests.read(sourceFile(label, chart.name(), part.source()),
                    part.yaml().getBytes(StandardCharsets.UTF_8), problems));
        }
    }

    /** {@code <chart>/templates/x.yaml} as a path under the chart's folder (or archive), for file:line messages. */
    private static String sourceFile(String label, String chartName, String source) {
        String inChart = source.startsWith(chartName + "/") ? source.substring(chartName.length() + 1) : source;
        return source.equals(chartName) ? label : label + "/" + inChart;
    }

    /** The committed chart copied from the tree into {@code work/<name>}, or null (recorded) when it is absent. */
    private Path copyLocal(Kustomization k, Kustomization.HelmChart chart, Path work) throws IOException {
        String dir = KustomizeBuilder.join(chart.chartHome(), chart.name());
        if (!tree.isFile(dir + "/Chart.yaml")) {
            problems.error(k.file(), chart.line(), "chart " + chart.name() + " not found: " + dir + "/Chart.yaml does "
                    + "not exist (commit the chart there, or set `repo` and `version` to pull it)");
            return null;
        }
        Path target = work.resolve("chart").resolve(chart.name());
        copy(dir, target);
        return target;
    }

    private void copy(String dir, Path target) throws IOException {
        Files.createDirectories(target);
        for (String name : tree.list(dir)) {
            String path = dir + "/" + name;
            if (tree.isDirectory(path)) {
                copy(path, target.resolve(name));
            } else {
                Files.write(target.resolve(name), tree.read(path));
            }
        }
    }

    private Path pull(Kustomization k, Kustomization.HelmChart chart) {
        try {
            return repository.pull(chart.repo(), chart.name(), chart.version());
        } catch (ChartRepository.PullException e) {
            problems.error(k.file(), chart.line(), "chart " + chart.name() + " " + chart.version() + " pull failed: "
                    + e.getMessage());
            return null;
        }
    }

    /** The values file to pass to Helm, or null for the chart's own values alone; problems recorded. */
    private Path values(Kustomization k, Kustomization.HelmChart chart, Path chartPath, Path work) throws IOException {
        Map<String, Object> file = null;
        if (chart.valuesFile() != null && !chart.valuesFile().isEmpty()) {
            Patches.LoadedFile loaded = loader.load(k, chart.valuesFile(), chart.line());
            file = loaded == null ? null : parseValues(loaded.path(), loaded.content());
            if (file == null) {
                return null;
            }
            if (chart.valuesInline() == null || chart.valuesInline().isEmpty()) {
                return Files.write(work.resolve("values.yaml"), loaded.content()); // as written, as Kustomize passes it
            }
        }
        if (chart.valuesInline() == null || chart.valuesInline().isEmpty()) {
            return null;
        }
        if (chart.valuesMerge().equals("replace")) {
            return write(work, chart.valuesInline());
        }
        if (file == null) {
            file = chart.repo() == null ? chartValues(chart) : archiveValues(k, chart, chartPath);
            if (file == null) {
                return null;
            }
        }
        return write(work, merge(file, chart.valuesInline(), chart.valuesMerge().equals("override")));
    }

    private Map<String, Object> chartValues(Kustomization.HelmChart chart) {
        String path = KustomizeBuilder.join(chart.chartHome(), chart.name()) + "/values.yaml";
        return tree.isFile(path) ? parseValues(path, tree.read(path)) : new LinkedHashMap<>();
    }

    private Map<String, Object> archiveValues(Kustomization k, Kustomization.HelmChart chart, Path archive) {
        String text;
        try {
            text = HelmTemplate.values(archive);
        } catch (HelmTemplate.TemplateException e) {
            problems.error(k.file(), chart.line(), "chart " + chart.name() + " values read failed: " + e.getMessage());
            return null;
        }
        return parseValues(chart.repo() + "/" + chart.name() + "-" + chart.version() + ".tgz/values.yaml",
                text.getBytes(StandardCharsets.UTF_8));
    }

    /** A values file as a mapping (empty for an empty file), or null with the YAML error recorded at its line. */
    private Map<String, Object> parseValues(String path, byte[] content) {
        int before = problems.errorCount();
        List<YamlReader.Document> docs = reader.read(path, content, false, problems);
        if (problems.errorCount() > before) {
            return null;
        }
        if (docs.isEmpty()) {
            return new LinkedHashMap<>();
        }
        if (!(docs.get(0).root() instanceof Map<?, ?> root)) {
            problems.error(path, docs.get(0).line(), "a Helm values file must be a mapping");
            return null;
        }
        return Values.map(root);
    }

    /**
     * Kustomize's merge of a values file with {@code valuesInline} (mergo): nested mappings merge key by key; for
     * other values, {@code inlineWins} ({@code override}) takes the inline value, else ({@code merge}) the file's
     * unless it is empty (null, "", 0, false, an empty list or mapping).
     */
    static Map<String, Object> merge(Map<String, Object> file, Map<String, Object> inline, boolean inlineWins) {
        Map<String, Object> out = new LinkedHashMap<>(file);
        inline.forEach((key, value) -> {
            Object current = out.get(key);
            if (current instanceof Map<?, ?> a && value instanceof Map<?, ?> b) {
                out.put(key, merge(Values.map(a), Values.map(b), inlineWins));
            } else if (inlineWins || isEmpty(current)) {
                out.put(key, value);
            }
        });
        return out;
    }

    /** mergo's "empty": a value {@code merge} fills in. */
    private static boolean isEmpty(Object value) {
        return value == null || "".equals(value) || Boolean.FALSE.equals(value) || Long.valueOf(0).equals(value)
                || value instanceof Map<?, ?> m && m.isEmpty() || value instanceof List<?> l && l.isEmpty();
    }

    private static Path write(Path work, Map<String, Object> values) throws IOException {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Path file = work.resolve("values.yaml");
        Files.writeString(file, new Yaml(options).dump(values));
        return file;
    }

    static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder: the OS cleans it if this fails
        }
    }
}
