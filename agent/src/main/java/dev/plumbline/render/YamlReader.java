package dev.plumbline.render;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads YAML streams into plain Java values with line numbers, as Kubernetes reads manifests.
 *
 * <ul>
 *   <li>multi-document; empty documents (and comment-only ones) are skipped;</li>
 *   <li>duplicate keys in one mapping are an error naming both lines (after key resolution, so {@code yes:} and
 *       {@code on:} collide, as they do in Kubernetes);</li>
 *   <li>plain scalars resolve as in {@link ScalarResolver}; anchors, aliases and {@code <<} merge keys work;</li>
 *   <li>strict UTF-8, as kubectl: a byte sequence that is not UTF-8 is an error at its {@code file:line}, never a
 *       silent U+FFFD;</li>
 *   <li>files up to {@link RenderBudget#maxFileBytes()} (SnakeYAML's code-point limit is raised to it); at most
 *       {@value #MAX_ALIASES} aliases to collections per document; nesting up to {@value #MAX_DEPTH} levels (deep
 *       CRD schemas); values and scalar text after alias expansion are charged to the render's {@link BudgetMeter},
 *       across every document and file of the render (against "billion laughs" spread over many files).</li>
 * </ul>
 * Errors carry {@code file:line}. A reader made by {@link #defaults()} or {@link #YamlReader(int)} is immutable and
 * thread-safe and gives each {@link #read} call a budget of its own; a render's reader shares one budget across its
 * reads and belongs to that render's thread.
 */
public final class YamlReader {

    static final int MAX_ALIASES = 100;
    static final int MAX_DEPTH = 500;

    /** Tag given to untagged plain scalars, so that they are resolved here and explicit tags stay visible. */
    private static final Tag PLAIN = new Tag("tag:plumbline.dev,2024:plain");
    static final Resolver RESOLVER = new Resolver() {
        @Override
        public Tag resolve(NodeId kind, String value, boolean implicit) {
            return kind == NodeId.scalar && implicit ? PLAIN : super.resolve(kind, value, implicit);
        }
    };

    private final RenderBudget budget;
    private final BudgetMeter shared;
    private final boolean textAnnotations;
    private final boolean patch;

    /** A reader of files up to {@code maxBytes}, each read within the default budget. */
    public YamlReader(int maxBytes) {
        this(RenderBudget.defaults().withMaxFileBytes(maxBytes), null, false, false);
    }

    /** A render's reader: every read is charged to {@code meter}. */
    YamlReader(BudgetMeter meter) {
        this(meter.budget(), meter, false, false);
    }

    private YamlReader(RenderBudget budget, BudgetMeter shared, boolean textAnnotations, boolean patch) {
        this.budget = budget;
        this.shared = shared;
        this.textAnnotations = textAnnotations;
        this.patch = patch;
    }

    /**
     * This reader (same budget), reading manifests as Kustomize does, so that a render equals what
     * {@code kubectl kustomize} prints: plain scalars by {@link ScalarResolver#resolvePlainKustomize} ({@code yes} is
     * a string, a date its RFC 3339 text), and the scalar values of each document's {@code metadata.annotations} as
     * the text written ({@code port: 8080} is {@code "8080"}).
     */
    YamlReader kustomize() {
        return new YamlReader(budget, shared, true, false);
    }

    /**
     * As {@link #kustomize()}, for patches: an annotation whose value is a plain null ({@code a: null}, {@code ~},
     * empty) stays null, so that the patch deletes it, as Kustomize does.
     */
    YamlReader kustomizePatch() {
        return new YamlReader(budget, shared, true, true);
    }

    /** The render's meter, or null for a reader that budgets each read on its own. */
    BudgetMeter meter() {
        return shared;
    }

    public static YamlReader defaults() {
        return new YamlReader(RenderBudget.defaults().maxFileBytes());
    }

    /** One document: its root value, its first line, and (if asked for) the line of every key and list item. */
    public record Document(String file, Object root, int line, Lines lines) {
    }

    /** Reads every non-empty document of a file, or throws a {@link RenderException} with file:line. */
    public List<Document> read(String file, byte[] content, boolean trackLines) {
        Problems problems = new Problems();
        List<Document> docs;
        try {
            docs = read(file, content, trackLines, problems);
        } catch (BudgetMeter.Exceeded e) {
            problems.add(e.problem());
            docs = List.of();
        }
        problems.throwIfErrors(file);
        return docs;
    }

    /**
     * As {@link #read(String, byte[], boolean)}, recording a failure in {@code problems} and returning no documents.
     *
     * @throws BudgetMeter.Exceeded when the render's budget is used up: the render stops
     */
    List<Document> read(String file, byte[] content, boolean trackLines, Problems problems) {
        BudgetMeter meter = shared != null ? shared : new BudgetMeter(budget);
        if (content.length > budget.maxFileBytes()) {
            problems.error(file, 0, "file is " + content.length + " bytes, larger than the limit of "
                    + budget.maxFileBytes() + " (" + RenderBudget.PREFIX + "max-file-bytes)");
            return List.of();
        }
        String text = Utf8.decode(file, content, problems);
        if (text == null) {
            return List.of();
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(budget.maxFileBytes());
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setAllowRecursiveKeys(false);
        List<Document> docs = new ArrayList<>();
        try {
            Composer composer = new CountingComposer(new ParserImpl(new StreamReader(new StringReader(text)), options),
                    options, meter, file);
            while (composer.checkNode()) {
                Node node = composer.getNode();
                Converter converter = new Converter(trackLines, meter, file, textAnnotations, patch);
                Object root = converter.convert(node, 0);
                meter.documentDone();
                if (root != null) {
                    docs.add(new Document(file, root, line(node.getStartMark()), converter.lines));
                }
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            problems.error(file, mark == null ? 0 : line(mark), "invalid YAML: " + what + context);
            return List.of();
        } catch (YAMLException e) {
            problems.error(file, 0, "invalid YAML: " + e.getMessage());
            return List.of();
        } catch (ConversionError e) {
            problems.error(file, e.line, e.getMessage());
            return List.of();
        }
        return docs;
    }

    static int line(Mark mark) {
        return mark == null ? 0 : mark.getLine() + 1;
    }

    /** Line numbers of keys and list items (by container identity). */
    public static final class Lines {
        private final Map<Object, Object> byContainer = new IdentityHashMap<>();

        /** Line of {@code key} in {@code map}, or 0. */
        public int of(Map<?, ?> map, String key) {
            return byContainer.get(map) instanceof Map<?, ?> keys && keys.get(key) instanceof Integer i ? i : 0;
        }

        /** Line of item {@code index} in {@code list}, or 0. */
        public int of(List<?> list, int index) {
            return byContainer.get(list) instanceof int[] items && index < items.length ? items[index] : 0;
        }
    }

    private static final class ConversionError extends RuntimeException {
        final int line;

        ConversionError(int line, String message) {
            super(message, null, false, false);
            this.line = line;
        }
    }

    /**
     * Turns composed nodes into values; one per document (aliases are expanded into independent copies). Lines of
     * the root's direct lists (a List kind's items) are always kept; all others only when asked for.
     */
    private static final class Converter {
        private final Lines lines = new Lines();
        private final boolean full;
        private final Set<Node> inProgress = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        private final BudgetMeter meter;
        private final String file;
        private final boolean textAnnotations;
        private final boolean patch;
        /** The document's top-level {@code metadata} mapping, once seen (with {@code textAnnotations}). */
        private Node rootMetadata;

        Converter(boolean full, BudgetMeter meter, String file, boolean textAnnotations, boolean patch) {
            this.full = full;
            this.meter = meter;
            this.file = file;
            this.textAnnotations = textAnnotations;
            this.patch = patch;
        }

        Object convert(Node node, int depth) {
            if (!meter.value()) {
                throw meter.valuesExceeded(file, line(node.getStartMark()));
            }
            return switch (node.getNodeId()) {
                case scalar -> scalar((ScalarNode) node);
                case sequence -> sequence((SequenceNode) node, depth);
                case mapping -> mapping((MappingNode) node, depth);
                default -> throw new ConversionError(line(node.getStartMark()), "unsupported YAML node");
            };
        }

        private Object scalar(ScalarNode node) {
            if (!meter.text(node.getValue().length())) {
                throw meter.textExceeded(file, line(node.getStartMark()));
            }
            Tag tag = node.getTag();
            Object value;
            if (tag.equals(PLAIN)) {
                value = textAnnotations ? ScalarResolver.resolvePlainKustomize(node.getValue())
                        : ScalarResolver.resolvePlain(node.getValue());
            } else if (tag.equals(Tag.STR) || tag.equals(Tag.TIMESTAMP) || !tag.startsWith(Tag.PREFIX)) {
                value = node.getValue(); // quoted, !!str, or a local tag go-yaml v2 ignores
            } else {
                value = explicit(node, tag);
            }
            if (value == ScalarResolver.NOT_JSON) {
                throw new ConversionError(line(node.getStartMark()),
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
                throw new ConversionError(line(node.getStartMark()),
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
                    itemLines[i] = line(items.get(i).getStartMark());
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
                    keyLines.put(key, line(keyNode.getStartMark()));
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
                        throw meter.textExceeded(file, line(scalar.getStartMark()));
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
            return scalar.getTag().equals(PLAIN) && ScalarResolver.resolvePlainKustomize(scalar.getValue()) == null;
        }

        private ConversionError duplicate(MappingNode node, String key, Node second, int depth) {
            int first = 0;
            for (NodeTuple tuple : node.getValue()) {
                if (!isMergeKey(tuple.getKeyNode()) && key.equals(key(tuple.getKeyNode(), depth))) {
                    first = line(tuple.getKeyNode().getStartMark());
                    break;
                }
            }
            String written = second instanceof ScalarNode sn && !sn.getValue().equals(key)
                    ? " (`" + sn.getValue() + "` reads as \"" + key + "\")" : "";
            return new ConversionError(line(second.getStartMark()),
                    "duplicate key \"" + key + "\"" + written + ", first at line " + first);
        }

        /** {@code <<: *base} or {@code <<: [*a, *b]}: keys not set explicitly come from the merged maps, first wins. */
        private void merge(Map<String, Object> out, Node merge, int depth) {
            List<Node> sources = merge instanceof SequenceNode seq ? seq.getValue() : List.of(merge);
            for (Node source : sources) {
                if (!(convert(source, depth + 1) instanceof Map<?, ?> m)) {
                    throw new ConversionError(line(source.getStartMark()), "a << merge key needs a mapping");
                }
                m.forEach((k, v) -> out.putIfAbsent((String) k, v));
            }
        }

        private boolean isMergeKey(Node key) {
            return key instanceof ScalarNode s && (s.getTag().equals(PLAIN) || s.getTag().equals(Tag.MERGE))
                    && s.getValue().equals("<<");
        }

        private String key(Node keyNode, int depth) {
            Object key = keyNode instanceof ScalarNode ? convert(keyNode, depth + 1) : null;
            String text = ScalarResolver.keyString(key);
            if (text == null) {
                throw new ConversionError(line(keyNode.getStartMark()), "unsupported mapping key"
                        + (keyNode instanceof ScalarNode s ? " `" + s.getValue() + "`" : "")
                        + ": keys must be strings, numbers or booleans");
            }
            return text;
        }

        private void enter(Node node) {
            if (!inProgress.add(node)) {
                throw new ConversionError(line(node.getStartMark()), "recursive alias");
            }
        }
    }
}
