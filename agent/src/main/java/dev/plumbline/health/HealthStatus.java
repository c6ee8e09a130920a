package dev.plumbline.health;

/** One object's (or environment's) health with a human message naming why, e.g. "1/3 replicas available". */
public record HealthStatus(Health code, String message) {

    public static HealthStatus healthy() {
        return new HealthStatus(Health.Healthy, "");
    }

    public static HealthStatus of(Health code, String message) {
        return new HealthStatus(code, message == null ? "" : message);
    }
}
