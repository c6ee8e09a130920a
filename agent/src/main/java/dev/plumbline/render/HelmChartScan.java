package dev.plumbline.render;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * What a chart's templates read of {@code .Capabilities.APIVersions}, from their text (the chart folder, or a packaged
 * chart and the packaged subcharts in it). Only {@code .APIVersions.Has} answers the same through discovery as
 * through {@code helm template}: Helm builds a discovered version set from a Go map, so listing it ({@code range},
 * {@code toYaml .Capabilities}, passing {@code .Capabilities} on) comes out in a random order.
 */
final class HelmChartScan {

    /**
     * Whether any template reads the API versions or calls {@code lookup}, whether any file of the chart (a template,
     * a helper, its values) names a {@code helm.sh/hook} annotation, and the first {@code chart/templates/x:line}
     * that lists the API versions.
     */
    record Result(boolean readsApiVersions, boolean callsLookup, boolean namesHooks, String unorderedTemplate,
                  int unorderedLine) {
    }

    private static final Pattern API_VERSIONS = Pattern.compile("APIVersions(?!\\s*\\.Has\\b)");
    /** Helm's hook annotation (and its -weight, -delete-policy companions): a hook may be rendered. */
    static final String HOOK = "helm.sh/hook";
    private static final Pattern LOOKUP = Pattern.compile("\\blookup\\b");
    private static final Pattern WHOLE = Pattern.compile("\\.Capabilities\\b(?!\\s*\\.(?:KubeVersion|HelmVersion|APIVersions)\\b)");

    private HelmChartScan() {
    }

    static Result scan(Path chart) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        if (Files.isDirectory(chart)) {
            try (Stream<Path> walk = Files.walk(chart)) {
                for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                    read(chart.getFileName() + "/" + chart.relativize(p).toString().replace('\\', '/'),
                            Files.readAllBytes(p), files);
                }
            }
        } else {
            read(chart.getFileName().toString(), Files.readAllBytes(chart), files);
        }
        boolean reads = false;
        boolean lookup = false;
        boolean hooks = false;
        String unordered = null;
        int line = 0;
        for (Map.Entry<String, String> file : files.entrySet()) {
            String text = file.getValue();
            hooks |= text.contains(HOOK);
            if (!file.getKey().contains("/templates/")) {
                continue;
            }
            reads |= text.contains("APIVersions");
            lookup |= LOOKUP.matcher(text).find();
            for (Pattern p : List.of(API_VERSIONS, WHOLE)) {
                Matcher m = p.matcher(text);
                if (unordered == null && m.find()) {
                    reads = true;
                    unordered = file.getKey();
                    line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                }
            }
        }
        return new Result(reads, lookup, hooks, unordered, line);
    }

    /** A file's text under its path; a packaged (sub)chart's files, recursively. */
    private static void read(String path, byte[] content, Map<String, String> files) throws IOException {
        if (path.endsWith(".tgz")) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(content))) {
                untar(in.readAllBytes(), files);
            }
        } else {
            files.put(path, new String(content, StandardCharsets.UTF_8));
        }
    }

    /** The files of a tar archive (ustar, with PAX and GNU long names, as Helm and Go's archive/tar write them). */
    private static void untar(byte[] tar, Map<String, String> files) throws IOException {
        String longName = null;
        for (int at = 0; at + 512 <= tar.length; ) {
            String name = text(tar, at, 100);
            if (name.isEmpty()) {
                break;
            }
            long size = Long.parseLong(text(tar, at + 124, 12).strip().isEmpty() ? "0" : text(tar, at + 124, 12).strip(), 8);
            char type = (char) tar[at + 156];
            String prefix = text(tar, at + 345, 155);
            int body = at + 512;
            byte[] content = java.util.Arrays.copyOfRange(tar, body, (int) (body + size));
            if (type == 'x') {
                Matcher m = Pattern.compile("\\d+ path=([^\n]*)\n").matcher(new String(content, StandardCharsets.UTF_8));
                longName = m.find() ? m.group(1) : null;
            } else if (type == 'L') {
                longName = new String(content, StandardCharsets.UTF_8).replace("\0", "");
            } else {
                String path = longName != null ? longName : prefix.isEmpty() ? name : prefix + "/" + name;
                longName = null;
                if (type == '0' || type == 0) {
                    read(path, content, files);
                }
            }
            at = body + (int) ((size + 511) / 512 * 512);
        }
    }

    private static String text(byte[] buf, int from, int length) {
        int end = from;
        while (end < from + length && buf[end] != 0) {
            end++;
        }
        return new String(buf, from, end - from, StandardCharsets.UTF_8);
    }
}
