package dev.plumbline.reconcile;

import dev.plumbline.history.SyncRecord;
import dev.plumbline.sync.ChangeSet;

/** What a sync did (the ChangeSet), the drift report right after it, and its history record (null for a dry run). */
public record SyncOutcome(ChangeSet changeSet, EnvironmentReport report, SyncRecord record) {
}
