package dev.plumbline.config;

/**
 * One gate key a revision loosens compared with the approved policy, e.g. {@code sync.auto: false -> true}. Shown in
 * the report ({@code gate.policyChanges}) while the revision waits for an approval naming it.
 *
 * @param key  the key as written in {@code plumbline.yaml}, e.g. {@code sync.auto}, {@code restrictions.namespaces}
 * @param from the approved value ({@code any} for an unrestricted list)
 * @param to   the value the revision asks for
 */
public record PolicyChange(String key, String from, String to) {

    @Override
    public String toString() {
        return key + ": " + from + " -> " + to;
    }
}
