package dev.plumbline.analysis;

/** What one check says of a step: pass, fail, or not yet known (no data, metrics source down). */
public enum Outcome {
    PASSED, FAILED, INCONCLUSIVE
}
