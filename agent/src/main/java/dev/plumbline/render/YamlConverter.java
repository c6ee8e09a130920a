package dev.plumbline.render;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns composed nodes into values; one per document (aliases are expanded into independent copies). Lines of
 * the root's direct lists (a List kind's items) are always kept; all others only when asked for.
 */
final class YamlConverter {

    static final class ConversionError extends RuntimeException {
        final int line;

        ConversionError(int line, String message) {
            super(message, null, false, false);
            this.line = line;
        }
    }

    final YamlReader.Lines lines = new YamlReader.Lines();
    private final boolean full;
    private final Set<Node> inProgress = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private final BudgetMeter meter;
    private final String file;
    private final boolean textAnnotations;
    private final boolean patch;
    /** The document's top-level {@code metadata} mapping, once seen (with {@code textAnnotations}). */
    private Node rootMetadata;

    YamlConverter(boolean full, BudgetMeter meter, String file, boolean textAnnotations, boolean patch) {
        this.full = full;
        this.meter = meter;
        this.file = file;
        this.textAnnotations = textAnnotations;
        this.patch = patch;
    }

    Object convert(Node node, int depth) {
        if (!meter.value()) {
            throw meter.valuesExceeded(file, YamlReader.line(node.getStartMark()));
        }
        return switch (node.getNodeId()) {
            case scalar -> scalar((ScalarNode) node);
            case sequence -> sequence((SequenceNode) node, depth);
            case mapping -> mapping((MappingNode) node, depth);
            default -> throw new ConversionError(YamlReader.line(node.getStartMark()), "unsupported YAML node");
        };
    }

    private Object scalar(ScalarNode node) {
        if (!meter.text(node.getValue().length())) {
            throw meter.textExceeded(file, YamlReader.line(node.getStartMark()));
        }
        Tag tag = node.getTag();
        Object value;
        if (tag.equals(YamlReader.PLAIN)) {
            value = textAnnotations ? ScalarResolver.resolvePlainKustomize(node.getValue())
                    : ScalarResolver.resolvePlain(node.getValue());
        } else if (tag.equals(Tag.STR) || tag.equals(Tag.TIMESTAMP) || !tag.startsWith(Tag.PREFIX)) {
            value = node.getValue(); // quoted, !!str, or a local tag go-yaml v2 ignores
        } else {
            value = explicit(node, tag);
        }
        if (value == ScalarResolver.NOT_JSON) {
            throw new ConversionError(YamlReader.line(node.getStartMark()),
                    "`" + node.getValue() + "` is not a valid value: Kubernetes objects are JSON, which has no "
                            + "infinity or NaN (quote it to make it a string)");
        }
        return value;
    }

    private Object explicit(ScalarNode node, Tag tag) {
        Object value = ScalarResolver.resolvePlain(node.getValue());
        boolean ok = tag.equals(Tag.NULL) ? value == null
                : tag.equals(Tag.BOOL) ? value instanceof Boolean
                : tag.equals(Tag.INT) || tag.equals(Tag.FLOAT) ? value instanceof Long || value instanceof Double
                : false;
        if (!ok) {
            throw new ConversionError(YamlReader.line(node.getStartMark()),
                    "cannot read `" + node.getValue() + "` as " + tag.getValue());
        }
        return value;
    }

    private List<Object> sequence(SequenceNode node, int depth) {
        enter(node);
        List<Node> items = node.getValue();
        List<Object> out = new ArrayList<>(items.size());
        int[] itemLines = full || depth == 1 ? new int[items.size()] : null;
        for (int i = 0; i < items.size(); i++) {
            out.add(convert(items.get(i), depth + 1));
            if (itemLines != null) {
                itemLines[i] = YamlReader.line(items.get(i).getStartMark());
            }
        }
        if (itemLines != null) {
            lines.byContainer.put(out, itemLines);
        }
        inProgress.remove(node);
        return out;
    }

    private Map<String, Object> mapping(MappingNode node, int depth) {
        enter(node);
        Map<String, Object> out = new LinkedHashMap<>(Math.max(4, node.getValue().size() * 2));
        Map<String, Integer> keyLines = full ? new LinkedHashMap<>() : null;
        List<Node> merges = null;
        for (NodeTuple tuple : node.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (isMergeKey(keyNode)) {
                merges = merges == null ? new ArrayList<>() : merges;
                merges.add(tuple.getValueNode());
                continue;
            }
            String key = key(keyNode, depth);
            if (out.containsKey(key)) {
                throw duplicate(node, key, keyNode, depth);
            }
            out.put(key, value(node, key, tuple.getValueNode(), depth));
            if (keyLines != null) {
                keyLines.put(key, YamlReader.line(keyNode.getStartMark()));
            }
        }
        if (merges != null) {
            merges.forEach(merge -> merge(out, merge, depth));
        }
        if (keyLines != null) {
            lines.byContainer.put(out, keyLines);
        }
        inProgress.remove(node);
        return out;
    }

    private Object value(MappingNode parent, String key, Node value, int depth) {
        if (textAnnotations && depth == 0 && key.equals("metadata")) {
            rootMetadata = value;
        } else if (textAnnotations && depth == 1 && parent == rootMetadata && key.equals("annotations")
                && value instanceof MappingNode annotations && annotations.getValue().stream().noneMatch(t -> isMergeKey(t.getKeyNode()))) {
            return textValues(annotations, depth + 1);
        }
        return convert(value, depth + 1);
    }

    /** A mapping whose scalar values stay the text written (quoted or not); other values as usual. */
    private Map<String, Object> textValues(MappingNode node, int depth) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (NodeTuple tuple : node.getValue()) {
            String key = key(tuple.getKeyNode(), depth);
            if (out.containsKey(key)) {
                throw duplicate(node, key, tuple.getKeyNode(), depth);
            }
            Node value = tuple.getValueNode();
            if (value instanceof ScalarNode scalar && meter.value()) {
                if (!meter.text(scalar.getValue().length())) {
                    throw meter.textExceeded(file, YamlReader.line(scalar.getStartMark()));
                }
                if (!isPlainNull(scalar)) {
                    out.put(key, scalar.getValue());
                } else if (patch) {
                    out.put(key, null); // deletes the annotation
                } else if (!scalar.getValue().isEmpty()) {
                    out.put(key, scalar.getValue()); // `null`, `~` are text; an empty value is dropped (kubectl)
                }
            } else {
                out.put(key, convert(value, depth + 1));
            }
        }
        return out;
    }

    private static boolean isPlainNull(ScalarNode scalar) {
        return scalar.getTag().equals(YamlReader.PLAIN) && ScalarResolver.resolvePlainKustomize(scalar.getValue()) == null;
    }

    private ConversionError duplicate(MappingNode node, String key, Node second, int depth) {
        int first = 0;
        for (NodeTuple tuple : node.getValue()) {
            if (!isMergeKey(tuple.getKeyNode()) && key.equals(key(tuple.getKeyNode(), depth))) {
                first = YamlReader.line(tuple.getKeyNode().getStartMark());
                break;
            }
        }
        String written = second instanceof ScalarNode sn && !sn.getValue().equals(key)
                ? " (`" + sn.getValue() + "` reads as \"" + key + "\")" : "";
        return new ConversionError(YamlReader.line(second.getStartMark()),
                "duplicate key \"" + key + "\"" + written + ", first at line " + first);
    }

    /** {@code <<: *base} or {@code <<: [*a, *b]}: keys not set explicitly come from the merged maps, first wins. */
    private void merge(Map<String, Object> out, Node merge, int depth) {
        List<Node> sources = merge instanceof SequenceNode seq ? seq.getValue() : List.of(merge);
        for (Node source : sources) {
            if (!(convert(source, depth + 1) instanceof Map<?, ?> m)) {
                throw new ConversionError(YamlReader.line(source.getStartMark()), "a << merge key needs a mapping");
            }
            m.forEach((k, v) -> out.putIfAbsent((String) k, v));
        }
    }

    private boolean isMergeKey(Node key) {
        return key instanceof ScalarNode s && (s.getTag().equals(YamlReader.PLAIN) || s.getTag().equals(Tag.MERGE))
                && s.getValue().equals("<<");
    }

    private String key(Node keyNode, int depth) {
        Object key = keyNode instanceof ScalarNode ? convert(keyNode, depth + 1) : null;
        String text = ScalarResolver.keyString(key);
        if (text == null) {
            throw new ConversionError(YamlReader.line(keyNode.getStartMark()), "unsupported mapping key"
                    + (keyNode instanceof ScalarNode s ? " `" + s.getValue() + "`" : "")
                    + ": keys must be strings, numbers or booleans");
        }
        return text;
    }

    private void enter(Node node) {
        if (!inProgress.add(node)) {
            throw new ConversionError(YamlReader.line(node.getStartMark()), "recursive alias");
        }
    }
}
