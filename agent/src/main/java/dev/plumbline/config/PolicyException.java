package dev.plumbline.config;

import dev.plumbline.resource.PlumblineException;

import java.util.List;

/** A {@code plumbline.yaml} that cannot be used; every problem is {@code file:line: message}. */
public class PolicyException extends PlumblineException {

    private final List<String> problems;

    public PolicyException(String file, List<String> problems) {
        super(file + " parse failed: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
