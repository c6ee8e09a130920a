package dev.plumbline.sync;

import dev.plumbline.diff.DriftEntry;
import dev.plumbline.diff.Verdict;
import dev.plumbline.inventory.InventoryEntry;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.resource.ResourceKey;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The order of one sync, decided before anything is written (pure: no cluster). Objects Git already matches
 * ({@code InSync}), objects that are not Plumbline's ({@code Conflict}) and objects marked
 * {@code plumbline.dev/ignore: "true"} are decided here and never applied; the
 * rest are cut into {@link Step}s: the foundation (Namespaces, then CRDs), cluster-scoped RBAC, then each
 * {@code plumbline.dev/sync-wave} (integer, default 0, ascending) in {@link KindGroup} order. Objects of one step are
 * applied in parallel; the engine waits for health between waves.
 *
 * @param steps   what to apply, in order
 * @param decided objects settled without an API call: {@code unchanged}, {@code skipped}, or {@code failed} (a
 *                malformed sync-wave annotation)
 * @param order   every desired key in apply order (the ChangeSet lists entries so)
 */
public record SyncPlan(List<Step> steps, List<ChangeEntry> decided, List<ResourceKey> order) {

    public static final String SYNC_WAVE_ANNOTATION = "plumbline.dev/sync-wave";

    public SyncPlan {
        steps = List.copyOf(steps);
        decided = List.copyOf(decided);
        order = List.copyOf(Objects.requireNonNull(order, "order"));
    }

    /**
     * One kind group of one wave.
     *
     * @param wave    ordinal of the wave this step belongs to (0-based over the waves of this plan)
     * @param label   {@code CRDs and Namespaces}, {@code cluster RBAC} or {@code sync-wave <n>}
     * @param objects what to apply, by key
     */
    public record Step(int wave, String label, List<Planned> objects) {

        /** {@code ConfigMap/Secret (3 objects)}, prefixed by the sync-wave when it is not 0. */
        public String description() {
            LinkedHashSet<String> kinds = new LinkedHashSet<>();
            objects.forEach(p -> kinds.add(p.object().kind()));
            String prefix = label.equals("sync-wave 0") ? "" : label + ": ";
            return prefix + String.join("/", kinds) + " (" + objects.size() + (objects.size() == 1 ? " object)" : " objects)");
        }
    }

    /** One object to apply with this cycle's verdict ({@code null}: none known, e.g. not diffed). */
    public record Planned(DesiredObject object, DriftEntry verdict) {
    }

    /** Where an object sorts: stage, then sync-wave, then kind group, then key. */
    private record Rank(KindGroup group, long wave, ResourceKey key) implements Comparable<Rank> {
        private static final Comparator<Rank> ORDER = Comparator.comparing((Rank r) -> r.group.stage())
                .thenComparingLong(Rank::wave).thenComparing(Rank::group).thenComparing(Rank::key);

        @Override
        public int compareTo(Rank o) {
            return ORDER.compare(this, o);
        }

        String waveLabel() {
            return switch (group.stage()) {
                case FOUNDATION -> "CRDs and Namespaces";
                case CLUSTER_RBAC -> "cluster RBAC";
                case WAVES -> "sync-wave " + wave;
            };
        }
    }

    public static SyncPlan of(List<DesiredObject> desired, Map<ResourceKey, DriftEntry> verdicts) {
        List<ChangeEntry> decided = new ArrayList<>();
        Map<Rank, Planned> toApply = new TreeMap<>();
        List<Rank> all = new ArrayList<>();
        for (DesiredObject object : desired) {
            DriftEntry verdict = verdicts.get(object.key());
            Long wave = syncWave(object);
            KindGroup group = KindGroup.of(object.key());
            long w = wave == null || group.stage() != KindGroup.Stage.WAVES ? 0 : wave;
            Rank rank = new Rank(group, w, object.key());
            all.add(rank);
            if (wave == null) {
                decided.add(ChangeEntry.of(object.key(), object.apiVersion(), Action.FAILED, SYNC_WAVE_ANNOTATION
                        + " \"" + object.annotation(SYNC_WAVE_ANNOTATION) + "\" is not an integer (" + object.location() + ")"));
            } else if (object.ignored()) {
                decided.add(ChangeEntry.of(object.key(), object.apiVersion(), Action.SKIPPED,
                        "ignored (" + DesiredObject.IGNORE_ANNOTATION + ": \"true\")"));
            } else if (verdict != null && verdict.status() == Verdict.InSync) {
                decided.add(ChangeEntry.of(object.key(), object.apiVersion(), Action.UNCHANGED, verdict.message()));
            } else if (verdict != null && verdict.status() == Verdict.Conflict) {
                decided.add(ChangeEntry.of(object.key(), object.apiVersion(), Action.SKIPPED, verdict.message()));
            } else {
                toApply.put(rank, new Planned(object, verdict));
            }
        }
        all.sort(Comparator.naturalOrder());
        return new SyncPlan(steps(toApply), decided, all.stream().map(Rank::key).toList());
    }

    private static List<Step> steps(Map<Rank, Planned> toApply) {
        Map<String, Map<KindGroup, List<Planned>>> waves = new LinkedHashMap<>();
        toApply.forEach((rank, planned) -> waves.computeIfAbsent(rank.waveLabel(), w -> new LinkedHashMap<>())
                .computeIfAbsent(rank.group(), g -> new ArrayList<>()).add(planned));
        List<Step> steps = new ArrayList<>();
        int ordinal = 0;
        for (Map.Entry<String, Map<KindGroup, List<Planned>>> wave : waves.entrySet()) {
            for (List<Planned> group : wave.getValue().values()) {
                steps.add(new Step(ordinal, wave.getKey(), List.copyOf(group)));
            }
            ordinal++;
        }
        return List.copyOf(steps);
    }

    /** The annotation's integer, 0 when absent, {@code null} when malformed. */
    static Long syncWave(DesiredObject object) {
        String value = object.annotation(SYNC_WAVE_ANNOTATION);
        if (value == null || value.isBlank()) {
            return 0L;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** How many waves the steps span. */
    public int waveCount() {
        return steps.isEmpty() ? 0 : steps.get(steps.size() - 1).wave() + 1;
    }

    /** Every object the plan applies. */
    public List<Planned> applied() {
        return steps.stream().flatMap(s -> s.objects().stream()).toList();
    }

    /**
     * Prune order: the reverse of the apply order by kind group (Ingresses and workloads first, Namespaces and CRDs
     * last), so nothing is deleted while something that uses it still runs. The sync-wave of an object that left
     * Git is unknown, so it does not count here.
     */
    public static List<InventoryEntry> pruneOrder(List<InventoryEntry> orphans) {
        List<InventoryEntry> sorted = new ArrayList<>(orphans);
        sorted.sort(Comparator.comparing((InventoryEntry e) -> new Rank(KindGroup.of(e.key()), 0, e.key())).reversed());
        return sorted;
    }
}
