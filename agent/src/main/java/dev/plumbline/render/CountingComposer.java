package dev.plumbline.render;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.comments.CommentLine;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;

import java.util.List;

/** Counts composed nodes (aliases are not composed again) so an oversized document stops before it is built. */
final class CountingComposer extends Composer {
    private final BudgetMeter meter;
    private final String file;

    CountingComposer(ParserImpl parser, LoaderOptions options, BudgetMeter meter, String file) {
        super(parser, YamlReader.RESOLVER, options);
        this.meter = meter;
        this.file = file;
    }

    private void count() {
        if (!meter.composed()) {
            throw meter.composedExceeded(file, YamlReader.line(parser.peekEvent().getStartMark()));
        }
    }

    @Override
    protected Node composeScalarNode(String anchor, List<CommentLine> comments) {
        count();
        return super.composeScalarNode(anchor, comments);
    }

    @Override
    protected Node composeSequenceNode(String anchor) {
        count();
        return super.composeSequenceNode(anchor);
    }

    @Override
    protected Node composeMappingNode(String anchor) {
        count();
        return super.composeMappingNode(anchor);
    }
}
