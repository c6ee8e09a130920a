package dev.plumbline.rollout;

import dev.plumbline.analysis.Outcome;
import dev.plumbline.config.Rollout;
import dev.plumbline.history.RolloutRecord;
import dev.plumbline.render.DesiredObject;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Canary without a service mesh: the new pod template runs in a Deployment {@code <name>-canary} beside the stable
 * one, its pods matching the Service's selector, so traffic follows pod share ({@link Shares}). The stable Deployment
 * keeps the stable template at the stable share ({@link #shape}); each step is held for {@code interval} while every
 * check passes, then the next share is set. What it writes it writes as the pipeline does (server-side apply, field
 * manager {@code plumbline}); the canary Deployment carries no environment label, so it is never drift, never in the
 * inventory, never pruned, and only {@link #cleanUp} deletes it.
 */
public final class Canary implements RolloutStrategy {

    private final Function<String, Optional<TrafficRouter>> routers;

    public Canary(Function<String, Optional<TrafficRouter>> routers) {
        this.routers = routers;
    }

    @Override
    public Rollout.Strategy kind() {
        return Rollout.Strategy.CANARY;
    }

    @Override
    public Optional<String> refuses(Rollout rollout) {
        if (rollout.router() != null && routers.apply(rollout.router().kind()).isEmpty()) {
            return Optional.of("router " + rollout.router().kind() + " is not supported yet (traffic follows pod share "
                    + "through the Service without one)");
        }
        return Optional.empty();
    }

    @Override
    public List<DesiredObject> shape(RolloutTarget target, RolloutRecord record, List<DesiredObject> desired) {
        List<DesiredObject> out = new ArrayList<>(desired.size());
        for (DesiredObject o : desired) {
            out.add(o.key().equals(target.deployment().key()) ? CanaryObjects.stable(target, record.weight()) : o);
        }
        return out;
    }

    @Override
    public Look look(RolloutTarget target, RolloutRecord record, Instant now) {
        if (record.phase() == RolloutRecord.Phase.Failed) { // autoRollback off: a person decides (promote or abort)
            return new Look(record, Verdict.HOLD);
        }
        CanaryObjects.apply(target, record.weight());
        target.router().ifPresent(r -> r.weigh(target, target.rollout().router(), record.weight()));
        GenericKubernetesResource live = CanaryObjects.canary(target);
        List<Pod> pods = live == null ? List.of() : CanaryObjects.pods(target);
        List<RolloutRecord.Check> checks = target.analysis().measure(target.rollout().analysis(), live, pods);
        Outcome outcome = Analyses.outcome(checks);
        String where = where(target.rollout(), record);
        if (outcome == Outcome.INCONCLUSIVE && Analyses.waiting(checks)) {
            String why = where + ": waiting for the new version (" + Analyses.why(checks) + ")";
            return new Look(record.withPhase(RolloutRecord.Phase.Progressing, why).withAnalysis(checks, record.inconclusive(), why),
                    Verdict.HOLD);
        }
        if (outcome == Outcome.INCONCLUSIVE) {
            int inARow = record.inconclusive() + 1;
            if (inARow < target.rollout().analysis().maxInconclusive()) {
                String why = where + ": paused, inconclusive (" + inARow + " of "
                        + target.rollout().analysis().maxInconclusive() + "): " + Analyses.why(checks);
                return new Look(record.withPhase(RolloutRecord.Phase.Paused, why).withAnalysis(checks, inARow, why), Verdict.HOLD);
            }
            return failed(target, record.withAnalysis(checks, inARow, null), where + ": inconclusive " + inARow
                    + " times in a row: " + Analyses.why(checks));
        }
        if (outcome == Outcome.FAILED) {
            return failed(target, record.withAnalysis(checks, 0, null), where + ": " + Analyses.why(checks));
        }
        Duration held = Duration.between(record.stepStartedAt(), now);
        Duration interval = target.rollout().interval();
        RolloutRecord passed = record.withPhase(RolloutRecord.Phase.Progressing, null).withAnalysis(checks, 0, null);
        if (held.compareTo(interval) < 0) {
            return new Look(passed.withAnalysis(checks, 0, where + ": every check passed, held " + held.toSeconds()
                    + "s of " + interval.toSeconds() + "s"), Verdict.HOLD);
        }
        List<Integer> steps = target.rollout().steps();
        if (record.step() >= steps.size()) {
            return new Look(passed.withAnalysis(checks, 0, "every step passed (" + steps + "), promoting"), Verdict.PROMOTE);
        }
        RolloutRecord next = passed.atStep(record.step() + 1, steps.get(record.step()), now);
        CanaryObjects.apply(target, next.weight());
        target.router().ifPresent(r -> r.weigh(target, target.rollout().router(), next.weight()));
        return new Look(next.withAnalysis(checks, 0, where(target.rollout(), next) + ": began"), Verdict.ADVANCED);
    }

    private static Look failed(RolloutTarget target, RolloutRecord record, String why) {
        if (target.rollout().autoRollback()) {
            return new Look(record.withAnalysis(record.analysis(), record.inconclusive(), why), Verdict.ROLL_BACK);
        }
        return new Look(record.withPhase(RolloutRecord.Phase.Failed, why + "; autoRollback is off: waiting for promote or abort"),
                Verdict.HOLD);
    }

    /** {@code step 2 of 3 (50%)}. */
    public static String where(Rollout rollout, RolloutRecord record) {
        return "step " + record.step() + " of " + rollout.steps().size() + " (" + record.weight() + "%)";
    }

    @Override
    public void cleanUp(RolloutTarget target, RolloutRecord record) {
        target.router().ifPresent(r -> r.weigh(target, target.rollout().router(), 0));
        CanaryObjects.delete(target);
    }
}
