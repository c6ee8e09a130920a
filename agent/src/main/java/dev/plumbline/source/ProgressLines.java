package dev.plumbline.source;

import java.util.function.LongSupplier;

import org.eclipse.jgit.lib.ProgressMonitor;

/**
 * Maps JGit's fine-grained progress to a few lines: one every {@link #INTERVAL_MS} while a task runs, and a summary
 * when a task that took noticeably long ends. A small fetch prints nothing here; a large clone prints a line every
 * ten seconds rather than one per percent.
 */
final class ProgressLines implements ProgressMonitor {

    static final long INTERVAL_MS = 10_000;
    private static final long SLOW_TASK_MS = 2_000;

    private final String operation;
    private final SourceListener listener;
    private final LongSupplier clock;
    private String task;
    private int total;
    private int done;
    private long taskStart;
    private long lastLine;

    ProgressLines(String operation, SourceListener listener) {
        this(operation, listener, System::currentTimeMillis);
    }

    ProgressLines(String operation, SourceListener listener, LongSupplier clock) {
        this.operation = operation;
        this.listener = listener;
        this.clock = clock;
        this.lastLine = clock.getAsLong(); // JGit does not always call start()
    }

    @Override
    public void start(int totalTasks) {
        lastLine = clock.getAsLong();
    }

    @Override
    public void beginTask(String title, int totalWork) {
        task = title;
        total = totalWork;
        done = 0;
        taskStart = clock.getAsLong();
    }

    @Override
    public void update(int completed) {
        done += completed;
        long now = clock.getAsLong();
        if (task != null && now - lastLine >= INTERVAL_MS) {
            lastLine = now;
            listener.progress(operation + ": " + task + " " + amount());
        }
    }

    @Override
    public void endTask() {
        long took = clock.getAsLong() - taskStart;
        if (task != null && took >= SLOW_TASK_MS) {
            lastLine = clock.getAsLong();
            listener.progress(operation + ": " + task + " done, " + done + " in " + took / 1000 + "s");
        }
        task = null;
    }

    private String amount() {
        return total > 0 && total != UNKNOWN ? done + "/" + total + " (" + (int) (100L * done / total) + "%)" : String.valueOf(done);
    }

    @Override
    public boolean isCancelled() {
        return Thread.currentThread().isInterrupted();
    }

    @Override
    public void showDuration(boolean enabled) {
        // durations are part of the summary line already
    }
}
