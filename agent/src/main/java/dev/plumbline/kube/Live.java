package dev.plumbline.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reads from a live object's untyped fields. Absent counts read as 0 because the API server omits zero values
 * ({@code omitempty}); a field of the wrong type throws {@link Unreadable}, which {@code HealthChecks} turns into
 * {@code Health.Unknown} rather than guessing. Pure: the object is given.
 */
public final class Live {

    /** A field that exists but does not have the type its kind documents. */
    public static final class Unreadable extends RuntimeException {
        public Unreadable(String message) {
            super(message);
        }
    }

    /** One entry of {@code status.conditions}. */
    public record Condition(String type, String status, String reason, String message) {

        public boolean isTrue() {
            return "True".equals(status);
        }

        public boolean isFalse() {
            return "False".equals(status);
        }

        /** {@code reason: message}, or whichever of them exists. */
        public String explain() {
            String r = reason == null ? "" : reason;
            String m = message == null ? "" : message;
            return r.isEmpty() ? m : m.isEmpty() ? r : r + ": " + m;
        }
    }

    private final GenericKubernetesResource object;

    public Live(GenericKubernetesResource object) {
        this.object = object;
    }

    public String name() {
        return object.getMetadata() == null ? null : object.getMetadata().getName();
    }

    /** {@code metadata.generation}; {@code null} where the kind has none (e.g. Jobs on 1.20). */
    public Long generation() {
        return object.getMetadata() == null ? null : object.getMetadata().getGeneration();
    }

    public boolean deleting() {
        return object.getMetadata() != null && object.getMetadata().getDeletionTimestamp() != null;
    }

    public boolean hasStatus() {
        return object.getAdditionalProperties().get("status") instanceof Map<?, ?> m && !m.isEmpty();
    }

    public Optional<Object> at(String... path) {
        Object current = object.getAdditionalProperties();
        for (String step : path) {
            if (current == null) {
                return Optional.empty();
            }
            if (!(current instanceof Map<?, ?> map)) {
                throw new Unreadable(String.join(".", path) + " is unreadable: " + step + " is not inside an object");
            }
            current = map.get(step);
        }
        return Optional.ofNullable(current);
    }

    /** A count; absent is 0 (omitempty). */
    public long count(String... path) {
        return number(path).orElse(0L);
    }

    public Optional<Long> number(String... path) {
        Optional<Object> value = at(path);
        if (value.isPresent() && !(value.get() instanceof Number)) {
            throw new Unreadable(String.join(".", path) + " is unreadable: " + value.get() + " is not a number");
        }
        return value.map(v -> ((Number) v).longValue());
    }

    public Optional<String> string(String... path) {
        return at(path).map(String::valueOf);
    }

    public boolean flag(String... path) {
        return at(path).map(v -> v instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(v))).orElse(false);
    }

    public List<?> list(String... path) {
        Optional<Object> value = at(path);
        if (value.isPresent() && !(value.get() instanceof List<?>)) {
            throw new Unreadable(String.join(".", path) + " is unreadable: not a list");
        }
        return value.map(v -> (List<?>) v).orElse(List.of());
    }

    public List<Condition> conditions() {
        return list("status", "conditions").stream().map(Live::condition).toList();
    }

    public Optional<Condition> condition(String type) {
        return conditions().stream().filter(c -> type.equals(c.type())).findFirst();
    }

    /**
     * Whether the controller has seen the current spec. Kinds that report {@code status.observedGeneration} lag
     * behind {@code metadata.generation} until it has; absent on either side reads as "not yet" only when the
     * object has a generation at all.
     */
    public boolean observed() {
        Long generation = generation();
        if (generation == null) {
            return true;
        }
        return number("status", "observedGeneration").map(observed -> observed >= generation).orElse(false);
    }

    public static Condition condition(Object entry) {
        if (!(entry instanceof Map<?, ?> map)) {
            throw new Unreadable("status.conditions is unreadable: an entry is not an object");
        }
        return new Condition(text(map.get("type")), text(map.get("status")), text(map.get("reason")),
                text(map.get("message")));
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
