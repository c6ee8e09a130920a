package dev.plumbline.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Strict reader of {@code plumbline.yaml}: walks SnakeYAML's node tree (not a bound map) so that every problem —
 * unknown key, wrong type, out-of-range value — names its line. All problems are collected, then thrown together.
 */
public final class PolicyParser {

    private static final Set<String> TOP = Set.of("namespace", "sync", "restrictions", "ignoreDifferences", "promotion",
            "rollouts");
    private static final Set<String> SYNC = Set.of("auto", "prune", "selfHeal", "suspend", "allowEmpty",
            "maxPrunePercent", "maxPruneCount", "waitTimeout", "rollbackOnDegraded");
    private static final Set<String> PROMOTION = Set.of("after", "soak");
    private static final Set<String> RESTRICTIONS = Set.of("namespaces", "clusterScoped");
    private static final Set<String> IGNORE = Set.of("group", "kind", "namespace", "name", "paths", "jsonPointers", "managers");

    private final String file;
    private final List<String> problems = new ArrayList<>();

    private PolicyParser(String file) {
        this.file = file;
    }

    /** Parses the file's text; {@code text == null} (no file) gives the defaults. */
    public static EnvironmentPolicy parse(String file, String text) {
        if (text == null) {
            return EnvironmentPolicy.defaults();
        }
        PolicyParser parser = new PolicyParser(file);
        EnvironmentPolicy policy = parser.read(text);
        if (!parser.problems.isEmpty()) {
            throw new PolicyException(file, parser.problems);
        }
        return policy;
    }

    private EnvironmentPolicy read(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            problems.add(file + ":" + line + ": invalid YAML: " + e.getProblem());
            return null;
        }
        if (root == null) {
            return EnvironmentPolicy.defaults();
        }
        MappingNode map = mapping(root, "the document");
        if (map == null) {
            return null;
        }
        EnvironmentPolicy defaults = EnvironmentPolicy.defaults();
        String namespace = null;
        EnvironmentPolicy.Sync sync = defaults.sync();
        EnvironmentPolicy.Restrictions restrictions = defaults.restrictions();
        List<EnvironmentPolicy.IgnoreRule> ignore = List.of();
        EnvironmentPolicy.Promotion promotion = null;
        List<Rollout> rollouts = List.of();
        for (NodeTuple t : entries(map, TOP, "")) {
            String key = key(t);
            switch (key) {
                case "namespace" -> namespace = string(t.getValueNode(), key);
                case "sync" -> sync = sync(t.getValueNode());
                case "restrictions" -> restrictions = restrictions(t.getValueNode());
                case "ignoreDifferences" -> ignore = ignoreRules(t.getValueNode());
                case "promotion" -> promotion = promotion(t.getValueNode());
                case "rollouts" -> rollouts = new RolloutParser(this).rollouts(t.getValueNode());
                default -> throw new IllegalStateException(key);
            }
        }
        return new EnvironmentPolicy(namespace, sync, restrictions, ignore, promotion, rollouts);
    }

    /**
     * {@code promotion: {after: staging, soak: 10m}}; {@code after} is required. Whether its folder exists is checked
     * where the repository is at hand ({@code RenderedEnvironment}), at the line kept here.
     */
    private EnvironmentPolicy.Promotion promotion(Node node) {
        MappingNode map = mapping(node, "promotion");
        if (map == null) {
            return null;
        }
        String after = null;
        int line = 0;
        Duration soak = Duration.ZERO;
        for (NodeTuple t : entries(map, PROMOTION, "promotion.")) {
            Node v = t.getValueNode();
            if (key(t).equals("after")) {
                after = string(v, "promotion.after");
                line = v.getStartMark() == null ? 0 : v.getStartMark().getLine() + 1;
            } else {
                soak = duration(v, "promotion.soak", soak);
            }
        }
        if (after == null || after.isBlank()) {
            if (line == 0) {
                problem(node, "promotion needs after: the environment that runs a revision first");
            }
            return null;
        }
        return new EnvironmentPolicy.Promotion(after, soak, line);
    }

    private EnvironmentPolicy.Sync sync(Node node) {
        EnvironmentPolicy.Sync d = EnvironmentPolicy.Sync.defaults();
        boolean auto = d.auto(), prune = d.prune(), selfHeal = d.selfHeal(), suspend = d.suspend(), allowEmpty = d.allowEmpty();
        boolean rollback = d.rollbackOnDegraded();
        int percent = d.maxPrunePercent(), count = d.maxPruneCount();
        Duration wait = d.waitTimeout();
        MappingNode map = mapping(node, "sync");
        for (NodeTuple t : map == null ? List.<NodeTuple>of() : entries(map, SYNC, "sync.")) {
            String key = key(t);
            Node v = t.getValueNode();
            switch (key) {
                case "auto" -> auto = bool(v, "sync.auto", auto);
                case "prune" -> prune = bool(v, "sync.prune", prune);
                case "selfHeal" -> selfHeal = bool(v, "sync.selfHeal", selfHeal);
                case "suspend" -> suspend = bool(v, "sync.suspend", suspend);
                case "allowEmpty" -> allowEmpty = bool(v, "sync.allowEmpty", allowEmpty);
                case "maxPrunePercent" -> percent = integer(v, "sync.maxPrunePercent", 0, 100, percent);
                case "maxPruneCount" -> count = integer(v, "sync.maxPruneCount", 0, Integer.MAX_VALUE, count);
                case "waitTimeout" -> wait = duration(v, "sync.waitTimeout", wait);
                case "rollbackOnDegraded" -> rollback = bool(v, "sync.rollbackOnDegraded", rollback);
                default -> throw new IllegalStateException(key);
            }
        }
        return new EnvironmentPolicy.Sync(auto, prune, selfHeal, suspend, allowEmpty, percent, count, wait, rollback);
    }

    private EnvironmentPolicy.Restrictions restrictions(Node node) {
        List<String> namespaces = null;
        List<String> clusterScoped = null;
        MappingNode map = mapping(node, "restrictions");
        for (NodeTuple t : map == null ? List.<NodeTuple>of() : entries(map, RESTRICTIONS, "restrictions.")) {
            if (key(t).equals("namespaces")) {
                namespaces = strings(t.getValueNode(), "restrictions.namespaces");
            } else {
                clusterScoped = strings(t.getValueNode(), "restrictions.clusterScoped");
            }
        }
        return new EnvironmentPolicy.Restrictions(namespaces, clusterScoped);
    }

    private List<EnvironmentPolicy.IgnoreRule> ignoreRules(Node node) {
        if (!(node instanceof SequenceNode seq)) {
            problem(node, "ignoreDifferences must be a list");
            return List.of();
        }
        List<EnvironmentPolicy.IgnoreRule> rules = new ArrayList<>();
        for (Node item : seq.getValue()) {
            MappingNode map = mapping(item, "an ignoreDifferences entry");
            if (map == null) {
                continue;
            }
            String group = null, kind = null, namespace = null, name = null;
            List<String> paths = new ArrayList<>();
            List<String> managers = List.of();
            for (NodeTuple t : entries(map, IGNORE, "ignoreDifferences[].")) {
                String key = key(t);
                String where = "ignoreDifferences[]." + key;
                switch (key) {
                    case "group" -> group = string(t.getValueNode(), where);
                    case "kind" -> kind = string(t.getValueNode(), where);
                    case "namespace" -> namespace = string(t.getValueNode(), where);
                    case "name" -> name = string(t.getValueNode(), where);
                    case "paths", "jsonPointers" -> paths.addAll(strings(t.getValueNode(), where));
                    case "managers" -> managers = strings(t.getValueNode(), where);
                    default -> throw new IllegalStateException(key);
                }
            }
            if (paths.isEmpty() && managers.isEmpty()) {
                problem(item, "an ignoreDifferences entry needs paths or managers");
            }
            rules.add(new EnvironmentPolicy.IgnoreRule(group, kind, namespace, name, paths, managers));
        }
        return rules;
    }

    // ---- node helpers -------------------------------------------------------------------------------------------

    List<NodeTuple> entries(MappingNode map, Set<String> allowed, String prefix) {
        List<NodeTuple> known = new ArrayList<>();
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (NodeTuple t : map.getValue()) {
            String key = key(t);
            int line = t.getKeyNode().getStartMark().getLine() + 1;
            Integer first = seen.putIfAbsent(key, line);
            if (first != null) {
                // SnakeYAML checks duplicates only when constructing objects, not when composing nodes.
                problem(t.getKeyNode(), "duplicate key " + prefix + key + " (first at line " + first + ")");
            } else if (allowed.contains(key)) {
                known.add(t);
            } else {
                problem(t.getKeyNode(), "unknown key " + prefix + key + " (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
        return known;
    }

    static String key(NodeTuple t) {
        return t.getKeyNode() instanceof ScalarNode s ? s.getValue() : String.valueOf(t.getKeyNode());
    }

    MappingNode mapping(Node node, String what) {
        if (node instanceof MappingNode m) {
            return m;
        }
        problem(node, what + " must be a mapping");
        return null;
    }

    String string(Node node, String what) {
        if (node instanceof ScalarNode s && !s.getTag().getValue().endsWith(":null")) {
            return s.getValue();
        }
        problem(node, what + " must be a string");
        return null;
    }

    List<String> strings(Node node, String what) {
        if (!(node instanceof SequenceNode seq)) {
            problem(node, what + " must be a list of strings");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            String s = string(item, what + "[]");
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    boolean bool(Node node, String what, boolean fallback) {
        String s = node instanceof ScalarNode sc ? sc.getValue() : null;
        if ("true".equals(s) || "false".equals(s)) {
            return Boolean.parseBoolean(s);
        }
        problem(node, what + " must be true or false, not " + (s == null ? "a " + node.getNodeId() : "'" + s + "'"));
        return fallback;
    }

    int integer(Node node, String what, int min, int max, int fallback) {
        String s = node instanceof ScalarNode sc ? sc.getValue() : "";
        try {
            int v = Integer.parseInt(s);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problem(node, what + " must be a whole number from " + min + " to " + (max == Integer.MAX_VALUE ? "any" : max) + ", not '" + s + "'");
        return fallback;
    }

    Duration duration(Node node, String what, Duration fallback) {
        String s = node instanceof ScalarNode sc ? sc.getValue() : "";
        try {
            return Durations.parse(s);
        } catch (IllegalArgumentException e) {
            problem(node, what + " " + e.getMessage());
            return fallback;
        }
    }

    /** Where {@code node} is, {@code <file>:<line>}: for an error only found when the value is used (a query's answer). */
    String at(Node node) {
        return file + ":" + (node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1);
    }

    void problem(Node node, String message) {
        int line = node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
        problems.add(file + ":" + line + ": " + message);
    }
}
