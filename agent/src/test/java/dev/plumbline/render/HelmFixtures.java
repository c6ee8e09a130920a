package dev.plumbline.render;

import dev.plumbline.testing.Trees;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The Helm test repository under {@code src/test/resources/render/helm/repo}: a chart committed in a base. */
final class HelmFixtures {

    static final Path REPO = Fixtures.dir("helm/repo");
    static final Path CHART = REPO.resolve("manifests/greeter/charts/greeter");

    private HelmFixtures() {
    }

    /** A writable copy of the repository, for a test that changes a file. */
    static void copyRepo(Path target) {
        Trees.copy(REPO, target);
    }

    /** The value at a path of map keys and list indexes, or null. */
    static Object get(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(step);
            } else if (current instanceof List<?> list && step instanceof Integer i && i < list.size()) {
                current = list.get(i);
            } else {
                return null;
            }
        }
        return current;
    }
}
