package dev.plumbline.source;

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
    private String task;
    private int total;
    private int done;
    private long taskStart;
    private long lastLine;

    ProgressLines(String operation, SourceListener listener) {
        this.operation = operation;
        this.listener = listener;
        this.lastLine = System.currentTimeMillis(); // JGit does not always call start()
    }

    @Override
    public void start(int totalTasks) {
        lastLine = System.currentTimeMillis();
    }

    @Override
    public void beginTask(String title, int totalWork) {
        task = title;
        total = totalWork;
        done = 0;
        taskStart = System.currentTimeMillis();
    }

    @Override
    public void update(int completed) {
        done += completed;
        long now = System.currentTimeMillis();
        if (task != null && now - lastLine >= INTERVAL_MS) {
            lastLine = now;
            listener.progress(operation + ": " + task + " " + amount());
        }
    }

    @Override
    public void endTask() {
        long took = System.currentTimeMillis() - taskStart;
        if (task != null && took >= SLOW_TASK_MS) {
            lastLine = System.currentTimeMillis();
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
