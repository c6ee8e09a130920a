package dev.plumbline.health;

/**
 * Health words, as Argo CD uses them. Declared from best to worst, so an environment's health is the maximum
 * ({@link #worst}) of its objects'.
 */
public enum Health {
    Healthy, Suspended, Progressing, Missing, Unknown, Degraded;

    public static Health worst(Health a, Health b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
