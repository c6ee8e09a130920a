package dev.plumbline.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which gate keys of a proposed policy are looser than the approved one. Only loosening counts: a commit may always
 * make its environment safer (turn auto sync off, suspend, lower a prune budget, narrow restrictions), but never open
 * what an approver has not seen. {@code waitTimeout}, {@code namespace} and {@code ignoreDifferences} are not gate
 * keys: they change what is compared or how long a wave waits, not what may be written.
 */
public final class GateKeys {

    private GateKeys() {
    }

    /** The loosened keys of {@code proposed} against {@code approved}, in {@code plumbline.yaml} order; empty: none. */
    public static List<PolicyChange> loosened(EnvironmentPolicy approved, EnvironmentPolicy proposed) {
        EnvironmentPolicy.Sync a = approved.sync();
        EnvironmentPolicy.Sync p = proposed.sync();
        List<PolicyChange> out = new ArrayList<>();
        flag(out, "sync.auto", a.auto(), p.auto(), !a.auto() && p.auto());
        flag(out, "sync.prune", a.prune(), p.prune(), !a.prune() && p.prune());
        flag(out, "sync.selfHeal", a.selfHeal(), p.selfHeal(), !a.selfHeal() && p.selfHeal());
        flag(out, "sync.suspend", a.suspend(), p.suspend(), a.suspend() && !p.suspend());
        flag(out, "sync.allowEmpty", a.allowEmpty(), p.allowEmpty(), !a.allowEmpty() && p.allowEmpty());
        flag(out, "sync.maxPrunePercent", a.maxPrunePercent(), p.maxPrunePercent(), p.maxPrunePercent() > a.maxPrunePercent());
        flag(out, "sync.maxPruneCount", a.maxPruneCount(), p.maxPruneCount(), p.maxPruneCount() > a.maxPruneCount());
        List<String> an = approved.restrictions().namespaces();
        List<String> pn = proposed.restrictions().namespaces();
        flag(out, "restrictions.namespaces", list(an), list(pn), widened(an, pn));
        List<String> ac = approved.restrictions().clusterScoped();
        List<String> pc = proposed.restrictions().clusterScoped();
        flag(out, "restrictions.clusterScoped", list(ac), list(pc), widened(ac, pc));
        flag(out, "promotion", promotion(approved.promotion()), promotion(proposed.promotion()),
                loosened(approved.promotion(), proposed.promotion()));
        for (Rollout was : approved.rollouts()) {
            Rollout now = proposed.rollout(was.name()).orElse(null);
            flag(out, "rollouts." + was.name(), rollout(was), rollout(now), now == null || (was.autoRollback() && !now.autoRollback()));
        }
        return List.copyOf(out);
    }

    /** {@code null} is "any": widening unless the approved list was "any" too; else any entry not approved before. */
    private static boolean widened(List<String> approved, List<String> proposed) {
        if (approved == null) {
            return false;
        }
        return proposed == null || proposed.stream().anyMatch(entry -> !approved.contains(entry));
    }

    /**
     * Removing the promotion, shortening its soak or naming another environment loosens it: each lets a revision in
     * that the approved promotion would still hold (another environment may never have run it).
     */
    private static boolean loosened(EnvironmentPolicy.Promotion approved, EnvironmentPolicy.Promotion proposed) {
        if (approved == null) {
            return false;
        }
        return proposed == null || !proposed.after().equals(approved.after()) || proposed.soak().compareTo(approved.soak()) < 0;
    }

    private static String promotion(EnvironmentPolicy.Promotion p) {
        return p == null ? "none" : "after " + p.after() + ", soak " + Durations.format(p.soak());
    }

    /** Removing a rollout (its Deployment then takes a new template at once) or turning its autoRollback off loosens it. */
    private static String rollout(Rollout r) {
        return r == null ? "none" : r.strategy().word() + (r.autoRollback() ? ", autoRollback" : ", no autoRollback");
    }

    private static String list(List<String> values) {
        return values == null ? "any" : values.toString();
    }

    private static void flag(List<PolicyChange> out, String key, Object from, Object to, boolean loosened) {
        if (loosened && !Objects.equals(from, to)) {
            out.add(new PolicyChange(key, String.valueOf(from), String.valueOf(to)));
        }
    }
}
