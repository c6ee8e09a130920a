package dev.plumbline.render;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

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
    static final Tag PLAIN = new Tag("tag:plumbline.dev,2024:plain");
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
                YamlConverter converter = new YamlConverter(trackLines, meter, file, textAnnotations, patch);
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
        } catch (YamlConverter.ConversionError e) {
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
        final Map<Object, Object> byContainer = new IdentityHashMap<>();

        /** Line of {@code key} in {@code map}, or 0. */
        public int of(Map<?, ?> map, String key) {
            return byContainer.get(map) instanceof Map<?, ?> keys && keys.get(key) instanceof Integer i ? i : 0;
        }

        /** Line of item {@code index} in {@code list}, or 0. */
        public int of(List<?> list, int index) {
            return byContainer.get(list) instanceof int[] items && index < items.length ? items[index] : 0;
        }
    }
}
