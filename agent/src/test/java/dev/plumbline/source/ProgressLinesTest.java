package dev.plumbline.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ProgressLinesTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final List<String> lines = new ArrayList<>();
    private final ProgressLines progress = new ProgressLines("cloning https://***@git.example.com/a.git", lines::add, now::get);

    @Test
    void aQuickTaskPrintsNothing() {
        progress.start(1);
        progress.beginTask("Receiving objects", 100);
        for (int i = 0; i < 100; i++) {
            progress.update(1);
        }
        now.addAndGet(500);
        progress.endTask();
        assertThat(lines).isEmpty();
    }

    @Test
    void aLongTaskPrintsEveryTenSecondsAndASummary() {
        progress.beginTask("Receiving objects", 1000);
        for (int i = 0; i < 1000; i++) {
            now.addAndGet(25); // 25 s in all
            progress.update(1);
        }
        progress.endTask();
        assertThat(lines).containsExactly(
                "cloning https://***@git.example.com/a.git: Receiving objects 400/1000 (40%)",
                "cloning https://***@git.example.com/a.git: Receiving objects 800/1000 (80%)",
                "cloning https://***@git.example.com/a.git: Receiving objects done, 1000 in 25s");
    }
}
