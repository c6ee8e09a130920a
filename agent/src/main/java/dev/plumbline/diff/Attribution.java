package dev.plumbline.diff;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who changed a drifted field. Best effort: managedFields record who last <em>owns</em> a field, which is who last
 * wrote it with a value, except that a field removed by someone belongs to nobody any more (then {@code unknown}).
 *
 * <p>Writes through the {@code scale} subresource are recorded in managedFields only from Kubernetes 1.22
 * (<a href="https://github.com/kubernetes/kubernetes/pull/98377">kubernetes#98377</a>); before, a {@code kubectl scale}
 * leaves the previous owner in place, so it is attributed to that owner or to nobody.
 */
public final class Attribution {

    /** {@code conflict with "kubectl-edit" using apps/v1: .spec.replicas}, 1.22+ adds {@code with subresource "scale"}. */
    private static final Pattern CONFLICT = Pattern.compile(
            "conflict with \"([^\"]+)\"(?: with subresource \"([^\"]+)\")? using [^:]+: (.+)");

    private Attribution() {
    }

    /** The one attribution shown for a change: the most recent of its owners. */
    static ChangedBy choose(List<ChangedBy> owners) {
        return owners.stream()
                .max(Comparator.comparing((ChangedBy c) -> Objects.toString(c.time(), "")))
                .orElse(ChangedBy.UNKNOWN);
    }

    /**
     * Fills unknown attributions from the causes of a non-forced dry-run's 409: each message names one conflicting
     * manager and field. Operation and time are not in the message and stay {@code null}.
     */
    public static List<FieldChange> fromConflicts(List<FieldChange> changes, List<String> causeMessages) {
        Map<String, ChangedBy> byField = parseConflicts(causeMessages);
        return changes.stream().map(c -> {
            if (c.changedBy().known()) {
                return c;
            }
            ChangedBy by = byField.get(normalize(c.field()));
            return by == null ? c : c.withChangedBy(by);
        }).toList();
    }

    /** Field (normalized) to manager, from 409 cause messages. Unparseable messages are skipped. */
    static Map<String, ChangedBy> parseConflicts(List<String> causeMessages) {
        Map<String, ChangedBy> out = new LinkedHashMap<>();
        for (String message : causeMessages) {
            Matcher m = CONFLICT.matcher(message == null ? "" : message.trim());
            if (m.matches()) {
                out.putIfAbsent(normalize(m.group(3)), new ChangedBy(m.group(1), null, m.group(2), null));
            }
        }
        return out;
    }

    /**
     * One spelling for the API server's field paths ({@code .spec.containers[name="api"].image}) and ours
     * ({@code spec.containers[name=api].image}, {@code metadata.labels["a.b/c"]}).
     */
    static String normalize(String field) {
        String f = field.startsWith(".") ? field.substring(1) : field;
        f = f.replaceAll("\\[\"((?:[^\"\\\\]|\\\\.)*)\"]", ".$1");
        return f.replace("\"", "");
    }
}
