package dev.plumbline.render;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints objects as {@code kubectl kustomize} does: documents separated by {@code ---}, keys sorted, block style,
 * lists not indented under their key, multi-line strings as literal blocks. A string that Kubernetes' YAML reading
 * would take for something else ({@code "yes"}, {@code "0644"}, {@code "1e3"}) is quoted, so the output reads back
 * exactly ({@link YamlReader} of the output equals the input). Deterministic.
 */
public final class YamlWriter {

    private static final Resolver SNAKE_RESOLVER = new Resolver();

    private final Yaml yaml;

    public YamlWriter() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        options.setWidth(80); // as go-yaml v3 (kubectl kustomize): a long string folds at the first space past column 80
        options.setSplitLines(true);
        options.setExplicitStart(false);
        yaml = new Yaml(new SortedRepresenter(options), options);
    }

    public String write(DesiredState state) {
        return write(state.objects());
    }

    public String write(List<DesiredObject> objects) {
        StringBuilder out = new StringBuilder();
        for (DesiredObject o : objects) {
            if (out.length() > 0) {
                out.append("---\n");
            }
            out.append(yaml.dump(o.body()));
        }
        return out.toString();
    }

    /** Sorted keys; strings quoted whenever plain style would not read back as the same string. */
    private static final class SortedRepresenter extends Representer {
        SortedRepresenter(DumperOptions options) {
            super(options);
            this.representers.put(String.class, new RepresentKubernetesString());
            this.multiRepresenters.put(Map.class, data -> representMapping(Tag.MAP, sorted((Map<?, ?>) data),
                    DumperOptions.FlowStyle.BLOCK));
            this.multiRepresenters.put(Collection.class, data -> representSequence(Tag.SEQ, (Collection<?>) data,
                    DumperOptions.FlowStyle.BLOCK));
        }

        private static Map<Object, Object> sorted(Map<?, ?> map) {
            return new TreeMap<>(map);
        }

        private final class RepresentKubernetesString implements Represent {
            @Override
            public Node representData(Object data) {
                String s = (String) data;
                DumperOptions.ScalarStyle style = DumperOptions.ScalarStyle.PLAIN;
                if (s.contains("\n") && s.chars().noneMatch(c -> c < 0x20 && c != '\n' && c != '\t')
                        && !s.contains(" \n") && !s.startsWith(" ")) {
                    style = DumperOptions.ScalarStyle.LITERAL;
                } else if (!(ScalarResolver.resolvePlain(s) instanceof String) || s.equals("<<")
                        || !snakeString(s)) {
                    // Quote as kubectl kustomize does (double quotes) what either YAML 1.1 reading takes for a
                    // non-string: Kubernetes' (yes, 0644) or SnakeYAML's (2024-01-01 timestamps).
                    style = DumperOptions.ScalarStyle.DOUBLE_QUOTED;
                }
                return representScalar(Tag.STR, s, style);
            }

            /** SnakeYAML reads it as a string; its "value indicators" ({@code *}, {@code &}, {@code !}) are emitted quoted anyway. */
            private static boolean snakeString(String s) {
                Tag tag = SNAKE_RESOLVER.resolve(NodeId.scalar, s, true);
                return tag.equals(Tag.STR) || tag.equals(Tag.YAML);
            }
        }
    }
}
