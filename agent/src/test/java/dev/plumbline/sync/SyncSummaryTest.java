package dev.plumbline.sync;

import dev.plumbline.resource.ResourceKey;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one Event a sync leaves: which, and what it says. */
class SyncSummaryTest {

    private static ChangeEntry entry(String kind, String name, Action action, String reason) {
        return ChangeEntry.of(ResourceKey.of("", kind, "shop", name), "v1", action, reason);
    }

    private static ChangeSet changes(List<ChangeEntry> entries) {
        return new ChangeSet("production", "3f2a9c1", false, entries, null);
    }

    @Test
    void aSyncThatChangedObjectsIsSyncedWithTheCountPerAction() {
        SyncSummary summary = SyncSummary.of(changes(List.of(entry("ConfigMap", "a", Action.CREATED, null),
                entry("ConfigMap", "b", Action.CREATED, null), entry("Service", "web", Action.CONFIGURED, null),
                entry("ConfigMap", "c", Action.UNCHANGED, null), entry("ConfigMap", "old", Action.PRUNED, null)))).orElseThrow();

        assertThat(summary).isEqualTo(new SyncSummary("Normal", "Synced",
                "production@3f2a9c1: 2 created, 1 configured, 1 unchanged, 1 pruned"));
    }

    @Test
    void aFailureIsAWarningNamingTheFailedObjectsFirstFiveOnly() {
        List<ChangeEntry> entries = new ArrayList<>(List.of(entry("ConfigMap", "a", Action.UNCHANGED, null)));
        for (int i = 0; i < 7; i++) {
            entries.add(entry("Secret", "s" + i, Action.FAILED, "Secret/shop/s" + i + " apply failed: HTTP 403: forbidden"));
        }
        SyncSummary summary = SyncSummary.of(changes(entries)).orElseThrow();

        assertThat(summary.type()).isEqualTo("Warning");
        assertThat(summary.reason()).isEqualTo("SyncFailed");
        assertThat(summary.message()).startsWith("production@3f2a9c1: 1 unchanged, 7 failed; failed: "
                        + "Secret/shop/s0: Secret/shop/s0 apply failed: HTTP 403: forbidden; Secret/shop/s1: ")
                .contains("Secret/shop/s4").doesNotContain("Secret/shop/s5").endsWith("; and 2 more");
    }

    @Test
    void aStoppedSyncSaysWhyAndThatNothingWasWritten() {
        ChangeSet stopped = new ChangeSet("production", "3f2a9c1", false,
                List.of(entry("ConfigMap", "old", Action.SKIPPED, "not pruned: prune guard")), "prune guard: 6 of 10");

        assertThat(SyncSummary.of(stopped)).contains(new SyncSummary("Warning", "SyncStopped",
                "production@3f2a9c1: stopped, nothing applied or pruned: prune guard: 6 of 10"));
    }

    @Test
    void aDryRunOrASyncThatDidNothingLeavesNoEvent() {
        assertThat(SyncSummary.of(new ChangeSet("production", "3f2a9c1", true,
                List.of(entry("ConfigMap", "a", Action.CREATED, null)), null))).isEmpty();
        assertThat(SyncSummary.of(changes(List.of(entry("ConfigMap", "a", Action.UNCHANGED, null),
                entry("ConfigMap", "b", Action.SKIPPED, "conflict"))))).isEmpty();
    }
}
