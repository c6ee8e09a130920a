package dev.plumbline.analysis;

import dev.plumbline.resource.PlumblineException;

/** A check that cannot be judged because of how it is written (bad PromQL, a query answering many series). */
public class AnalysisException extends PlumblineException {

    public AnalysisException(String message) {
        super(message);
    }
}
