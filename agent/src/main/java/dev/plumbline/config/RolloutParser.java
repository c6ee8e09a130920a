package dev.plumbline.config;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code rollouts:} section of {@code plumbline.yaml}, read with {@link PolicyParser}'s node helpers so every
 * problem names its line. What needs the render (the Deployment and the Service exist) is checked after rendering.
 */
final class RolloutParser {

    private static final Set<String> KEYS = Set.of("strategy", "service", "steps", "interval", "scaleDownDelay",
            "router", "analysis", "autoRollback");
    private static final Set<String> ANALYSIS = Set.of("podHealth", "prometheus", "maxInconclusive");
    private static final Set<String> POD_HEALTH = Set.of("maxRestarts");
    private static final Set<String> PROMETHEUS = Set.of("address", "query", "baseline", "maxIncrease", "max");
    private static final Set<String> ROUTER = Set.copyOf(Rollout.Router.KINDS);

    private final PolicyParser p;

    RolloutParser(PolicyParser parser) {
        this.p = parser;
    }

    List<Rollout> rollouts(Node node) {
        MappingNode map = p.mapping(node, "rollouts");
        if (map == null) {
            return List.of();
        }
        List<Rollout> out = new ArrayList<>();
        for (NodeTuple t : map.getValue()) {
            Rollout r = rollout(PolicyParser.key(t), t);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    private Rollout rollout(String name, NodeTuple entry) {
        String at = "rollouts." + name;
        MappingNode map = p.mapping(entry.getValueNode(), at);
        if (map == null) {
            return null;
        }
        Rollout.Strategy strategy = null;
        String service = null;
        List<Integer> steps = null;
        Duration interval = Rollout.DEFAULT_INTERVAL, scaleDownDelay = Rollout.DEFAULT_SCALE_DOWN_DELAY;
        Rollout.Router router = null;
        Rollout.Analysis analysis = Rollout.Analysis.defaults();
        boolean autoRollback = true;
        for (NodeTuple t : p.entries(map, KEYS, at + ".")) {
            Node v = t.getValueNode();
            String key = PolicyParser.key(t);
            switch (key) {
                case "strategy" -> strategy = strategy(v, at + ".strategy");
                case "service" -> service = p.string(v, at + ".service");
                case "steps" -> steps = steps(v, at + ".steps");
                case "interval" -> interval = p.duration(v, at + ".interval", interval);
                case "scaleDownDelay" -> scaleDownDelay = p.duration(v, at + ".scaleDownDelay", scaleDownDelay);
                case "router" -> router = router(v, at + ".router");
                case "analysis" -> analysis = analysis(v, at + ".analysis");
                case "autoRollback" -> autoRollback = p.bool(v, at + ".autoRollback", autoRollback);
                default -> throw new IllegalStateException(key);
            }
        }
        boolean complete = true;
        if (strategy == null) {
            complete = missing(entry, at + " needs strategy: canary or blueGreen");
        }
        if (service == null) {
            complete = missing(entry, at + " needs service: the Service routing to the Deployment's pods");
        }
        if (strategy == Rollout.Strategy.CANARY && steps == null) {
            complete = missing(entry, at + " needs steps: pod shares in percent, ascending, ending at 100, e.g. [10, 50, 100]");
        }
        if (!complete) {
            return null;
        }
        int line = entry.getKeyNode().getStartMark() == null ? 0 : entry.getKeyNode().getStartMark().getLine() + 1;
        return new Rollout(name, strategy, service, steps, interval, scaleDownDelay, router, analysis, autoRollback, line);
    }

    private boolean missing(NodeTuple entry, String message) {
        p.problem(entry.getKeyNode(), message);
        return false;
    }

    private Rollout.Strategy strategy(Node node, String what) {
        String word = p.string(node, what);
        if (word == null) {
            return null;
        }
        Rollout.Strategy s = Rollout.Strategy.of(word).orElse(null);
        if (s == null) {
            p.problem(node, what + " must be canary or blueGreen, not '" + word + "'");
        }
        return s;
    }

    /** Ascending, each 1..100, the last 100: a rollout that never reaches 100 % would never finish. */
    private List<Integer> steps(Node node, String what) {
        if (!(node instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            p.problem(node, what + " must be a list of pod shares in percent, e.g. [10, 50, 100]");
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            int v = p.integer(item, what + "[]", 1, 100, -1);
            if (v < 0) {
                return List.of();
            }
            if (!out.isEmpty() && v <= out.get(out.size() - 1)) {
                p.problem(item, what + " must be ascending: " + v + " follows " + out.get(out.size() - 1));
                return List.of();
            }
            out.add(v);
        }
        if (out.get(out.size() - 1) != 100) {
            p.problem(node, what + " must end at 100, not " + out.get(out.size() - 1) + " (the last step moves every pod)");
        }
        return out;
    }

    private Rollout.Router router(Node node, String what) {
        MappingNode map = p.mapping(node, what);
        List<NodeTuple> entries = map == null ? List.of() : p.entries(map, ROUTER, what + ".");
        if (map != null && entries.size() != 1) {
            p.problem(node, what + " needs exactly one of httpRoute or ingressNginx");
        }
        if (entries.size() != 1) {
            return null;
        }
        String kind = PolicyParser.key(entries.get(0));
        String name = p.string(entries.get(0).getValueNode(), what + "." + kind);
        return name == null ? null : new Rollout.Router(kind, name);
    }

    private Rollout.Analysis analysis(Node node, String what) {
        Rollout.Analysis d = Rollout.Analysis.defaults();
        Rollout.PodHealth podHealth = d.podHealth();
        Rollout.Prometheus prometheus = null;
        int maxInconclusive = d.maxInconclusive();
        MappingNode map = p.mapping(node, what);
        for (NodeTuple t : map == null ? List.<NodeTuple>of() : p.entries(map, ANALYSIS, what + ".")) {
            Node v = t.getValueNode();
            switch (PolicyParser.key(t)) {
                case "podHealth" -> podHealth = podHealth(v, what + ".podHealth");
                case "prometheus" -> prometheus = prometheus(v, what + ".prometheus");
                default -> maxInconclusive = p.integer(v, what + ".maxInconclusive", 1, 1000, maxInconclusive);
            }
        }
        return new Rollout.Analysis(podHealth, prometheus, maxInconclusive);
    }

    private Rollout.PodHealth podHealth(Node node, String what) {
        MappingNode map = p.mapping(node, what);
        int max = 0;
        for (NodeTuple t : map == null ? List.<NodeTuple>of() : p.entries(map, POD_HEALTH, what + ".")) {
            max = p.integer(t.getValueNode(), what + ".maxRestarts", 0, Integer.MAX_VALUE, max);
        }
        return new Rollout.PodHealth(max);
    }

    private Rollout.Prometheus prometheus(Node node, String what) {
        MappingNode map = p.mapping(node, what);
        if (map == null) {
            return null;
        }
        String address = null, query = null, baseline = null, queryAt = null, baselineAt = null;
        Double maxIncrease = null, max = null;
        for (NodeTuple t : p.entries(map, PROMETHEUS, what + ".")) {
            Node v = t.getValueNode();
            String key = PolicyParser.key(t);
            switch (key) {
                case "address" -> address = p.string(v, what + ".address");
                case "query" -> {
                    query = p.string(v, what + ".query");
                    queryAt = p.at(v);
                }
                case "baseline" -> {
                    baseline = p.string(v, what + ".baseline");
                    baselineAt = p.at(v);
                }
                case "maxIncrease" -> maxIncrease = number(v, what + ".maxIncrease");
                default -> max = number(v, what + ".max");
            }
        }
        if (address == null || query == null) {
            p.problem(node, what + " needs address and query");
            return null;
        }
        if ((baseline == null) == (max == null)) {
            p.problem(node, what + " needs either baseline (with maxIncrease) or max, not " + (max == null ? "neither" : "both"));
            return null;
        }
        return new Rollout.Prometheus(address, query, baseline, maxIncrease == null ? 0 : maxIncrease, max, queryAt, baselineAt);
    }

    private Double number(Node node, String what) {
        String s = node instanceof ScalarNode sc ? sc.getValue() : "";
        try {
            double v = Double.parseDouble(s);
            if (Double.isFinite(v) && v >= 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        p.problem(node, what + " must be a number of at least 0, not '" + s + "'");
        return null;
    }
}
