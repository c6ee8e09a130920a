package dev.plumbline.rollout;

/**
 * Pod shares of a canary step without a service mesh: traffic follows pods through the Service, so the share is in
 * replicas. The new version always has at least one pod (a step of 10 % of 3 replicas still runs one), and until the
 * last step the stable version keeps at least one, so a one-replica Deployment runs 1 + 1 (half the traffic each)
 * rather than handing everything to an unproven version. At 100 % the stable version has none left.
 */
public final class Shares {

    private Shares() {
    }

    public static int canary(int replicas, int weight) {
        if (weight >= 100) {
            return Math.max(1, replicas);
        }
        return Math.max(1, (int) Math.ceil(replicas * weight / 100.0));
    }

    public static int stable(int replicas, int weight) {
        if (weight >= 100) {
            return 0;
        }
        return Math.max(1, replicas - canary(replicas, weight));
    }
}
