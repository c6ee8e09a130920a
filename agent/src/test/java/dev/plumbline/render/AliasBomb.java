package dev.plumbline.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A repository of YAML alias bombs, as issue 12 case 5 found them: many small files, each a ConfigMap whose document
 * expands to about {@code valuesPerFile} values through nested aliases (ten per level, well under SnakeYAML's 100
 * aliases per document), so no single file crosses a per-document limit but all of them together fill any heap.
 */
public final class AliasBomb {

    private AliasBomb() {
    }

    /** One file's YAML: levels of ten aliases to the level below, the top holding {@code top} aliases. */
    public static String document(String name, int levels, int top) {
        StringBuilder y = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n");
        y.append("l0: &l0 [").append("\"lol\", ".repeat(9)).append("\"lol\"]\n");
        for (int i = 1; i <= levels; i++) {
            y.append('l').append(i).append(": &l").append(i).append(" [").append(("*l" + (i - 1) + ", ").repeat(9))
                    .append("*l").append(i - 1).append("]\n");
        }
        y.append("top: [").append(("*l" + levels + ", ").repeat(top - 1)).append("*l").append(levels).append("]\n");
        return y.toString();
    }

    /** Values one {@link #document} expands to (lists and scalars, keys included), as the reader counts them. */
    public static long values(int levels, int top) {
        long[] size = new long[levels + 1];
        size[0] = 11; // the list and its ten scalars
        for (int i = 1; i <= levels; i++) {
            size[i] = 1 + 10 * size[i - 1];
        }
        long total = 1 + 2 + 2 + 4; // root map; apiVersion and kind keys and values; metadata key and map, name key and value
        for (int i = 0; i <= levels; i++) {
            total += 1 + size[i]; // key and list
        }
        return total + 1 + 1 + top * size[levels];
    }

    /** {@code files} bomb files in {@code environments/<env>/}; returns their total size in bytes. */
    public static long write(Path repo, String env, int files, int levels, int top) throws IOException {
        Path dir = Files.createDirectories(repo.resolve("environments").resolve(env));
        long bytes = 0;
        for (int f = 0; f < files; f++) {
            String yaml = document(String.format("bomb-%02d", f), levels, top);
            Files.writeString(dir.resolve(String.format("bomb-%02d.yaml", f)), yaml);
            bytes += yaml.length();
        }
        return bytes;
    }
}
