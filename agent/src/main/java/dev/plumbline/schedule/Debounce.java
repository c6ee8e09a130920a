package dev.plumbline.schedule;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watch events arrive in bursts (an apply, a rollout's status updates): one run per environment after the burst
 * settles for {@code delay}, not one per event. This is the short debounce before self-heal.
 */
final class Debounce implements AutoCloseable {

    private final Duration delay;
    private final Consumer<String> action;
    private final Map<String, Boolean> scheduled = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "plumbline-debounce");
        t.setDaemon(true);
        return t;
    });

    Debounce(Duration delay, Consumer<String> action) {
        this.delay = delay;
        this.action = action;
    }

    void request(String key) {
        if (scheduled.putIfAbsent(key, Boolean.TRUE) == null) {
            timer.schedule(() -> {
                scheduled.remove(key);
                action.accept(key);
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
