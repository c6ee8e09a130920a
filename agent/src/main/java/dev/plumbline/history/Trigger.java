package dev.plumbline.history;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/** What started a sync; in JSON the camel-case word, e.g. {@code selfHeal}. */
public enum Trigger {
    /** the branch moved and the poller saw it */
    POLL("poll"),
    /** a Git hosting webhook announced a push */
    WEBHOOK("webhook"),
    /** someone asked through the API or the CLI */
    MANUAL("manual"),
    /** live drift on an unchanged revision was reverted */
    SELF_HEAL("selfHeal"),
    /** a revision waiting at the approval gate was approved */
    APPROVAL("approval"),
    /** a pin to an earlier revision, or the automatic rollback of a failed rollout or a Degraded sync */
    ROLLBACK("rollback"),
    /** a rollout's own step: a canary step, its promotion (the plain sync of the rolled-out revision) */
    ROLLOUT("rollout");

    private final String word;

    Trigger(String word) {
        this.word = word;
    }

    @JsonValue
    public String word() {
        return word;
    }

    @JsonCreator
    public static Trigger of(String word) {
        return Arrays.stream(values()).filter(t -> t.word.equals(word)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown trigger " + word));
    }
}
