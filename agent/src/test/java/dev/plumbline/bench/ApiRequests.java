package dev.plumbline.bench;

import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the requests a whole process (plumbline or kubectl alike) made, on the API server's side: the difference of
 * {@code apiserver_request_total} between two scrapes of {@code /metrics}. Left out: long-running {@code WATCH}es,
 * and writes to the {@code status} subresource (the workload simulator's, standing in for controllers); discovery and
 * other non-resource requests (this scrape too) are not in this metric on 1.20. Nothing else talks to the API server while a measured process runs; the simulator's informers only
 * watch. Grouped by verb, with server-side dry-runs apart ({@code APPLY(dry-run)}).
 */
final class ApiRequests {

    private static final Pattern LINE = Pattern.compile("^apiserver_request_total\\{([^}]*)\\} ([0-9.e+]+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final KubernetesClient admin;

    ApiRequests(KubernetesClient admin) {
        this.admin = admin;
    }

    /** Counts per verb now. */
    Map<String, Long> scrape() {
        Map<String, Long> out = new TreeMap<>();
        for (String line : admin.raw("/metrics").split("\n")) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            Matcher l = LABEL.matcher(m.group(1));
            while (l.find()) {
                labels.put(l.group(1), l.group(2));
            }
            String verb = labels.getOrDefault("verb", "?");
            if (verb.startsWith("WATCH") || verb.equals("CONNECT") || "status".equals(labels.get("subresource"))) {
                continue;
            }
            if (!labels.getOrDefault("dry_run", "").isEmpty()) {
                verb += "(dry-run)";
            }
            if (labels.getOrDefault("resource", "").isEmpty()) {
                verb += "(non-resource)";
            }
            out.merge(verb, (long) Double.parseDouble(m.group(2)), Long::sum);
        }
        return out;
    }

    /** {@code after - before} per verb; zero entries dropped. */
    static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((verb, n) -> {
            long d = n - before.getOrDefault(verb, 0L);
            if (d != 0) {
                out.put(verb, d);
            }
        });
        return out;
    }

    static long total(Map<String, Long> delta) {
        return delta.values().stream().mapToLong(Long::longValue).sum();
    }
}
