package dev.plumbline.live;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Counts HTTP requests to the API server by verb ({@code get}, {@code list}, {@code watch}, {@code create},
 * {@code update}, {@code patch}, {@code apply}, {@code dryRunApply}, {@code delete}, {@code discovery}, ...; see
 * {@link ApiVerb}). Every attempt is counted, retries included: the counter answers "how many requests did this
 * code path send", which is what the "a steady-state cycle makes zero reconcile calls" guarantee is about.
 * Thread-safe; increments never block.
 */
public final class ApiCallCounter {

    private final String name;
    private final Map<String, LongAdder> byVerb = new ConcurrentHashMap<>();
    private final List<BiConsumer<String, String>> listeners = new CopyOnWriteArrayList<>();

    public ApiCallCounter(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    void record(String verb) {
        byVerb.computeIfAbsent(verb, v -> new LongAdder()).increment();
    }

    void record(String verb, String path) {
        record(verb);
        listeners.forEach(l -> l.accept(verb, path));
    }

    /**
     * Also tells {@code listener} the verb and path of every request from now on, until closed: for a test that counts
     * the requests for one object (e.g. how often a sync reads the inventory), which the per-verb counts cannot tell.
     */
    public AutoCloseable onRequest(BiConsumer<String, String> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Requests per verb so far, sorted by verb; verbs never seen are absent. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        byVerb.forEach((verb, count) -> copy.put(verb, count.sum()));
        return Collections.unmodifiableMap(copy);
    }

    /** Requests of one verb so far. */
    public long count(String verb) {
        LongAdder adder = byVerb.get(verb);
        return adder == null ? 0 : adder.sum();
    }

    /** Requests of every verb so far. */
    public long total() {
        return byVerb.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Requests per verb made after {@code before} (an earlier {@link #snapshot()}); verbs with no new request are absent. */
    public Map<String, Long> since(Map<String, Long> before) {
        Map<String, Long> delta = new TreeMap<>();
        snapshot().forEach((verb, now) -> {
            long diff = now - before.getOrDefault(verb, 0L);
            if (diff != 0) {
                delta.put(verb, diff);
            }
        });
        return Collections.unmodifiableMap(delta);
    }

    /** Total requests made after {@code before}. */
    public long totalSince(Map<String, Long> before) {
        return since(before).values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public String toString() {
        return name + snapshot();
    }
}
