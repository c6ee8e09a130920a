package dev.plumbline.rollout;

import dev.plumbline.analysis.Outcome;
import dev.plumbline.config.Rollout;
import dev.plumbline.health.DeploymentHealth;
import dev.plumbline.health.Health;
import dev.plumbline.health.HealthStatus;
import dev.plumbline.history.RolloutRecord;
import dev.plumbline.render.DesiredObject;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Blue-green for Deployments: the new template runs at full size in {@code <name>-preview} beside the old version,
 * unreached by the Service; once it has passed analysis for {@code interval} the Service switches to it in one write.
 * The old version stays scaled for {@code scaleDownDelay} while analysis goes on, so a failed check or {@code abort}
 * switches back in one write. Then the stable Deployment takes the new template (as a plain sync would) and, once it is
 * Healthy, the rollout is promoted: {@link #cleanUp} points the Service at Git's selector (now the new pods) and deletes
 * the preview, so the end state is a plain sync of the revision.
 *
 * <p>Steps ({@link RolloutRecord#step()}): {@value #PREVIEW} preview judged (weight 0), {@value #SWITCHED} switched,
 * old version kept (weight 100), {@value #FINISHING} the stable Deployment rolls to the new template.
 */
public final class BlueGreen implements RolloutStrategy {

    static final int PREVIEW = 1;
    static final int SWITCHED = 2;
    static final int FINISHING = 3;

    @Override
    public Rollout.Strategy kind() {
        return Rollout.Strategy.BLUE_GREEN;
    }

    @Override
    public Optional<String> refuses(Rollout rollout) {
        if (rollout.router() != null) {
            return Optional.of("router is for canary steps; blueGreen switches the Service's selector");
        }
        if (!rollout.steps().isEmpty()) {
            return Optional.of("steps are for canary; blueGreen has interval (preview analysis) and scaleDownDelay");
        }
        return Optional.empty();
    }

    @Override
    public List<DesiredObject> shape(RolloutTarget target, RolloutRecord record, List<DesiredObject> desired) {
        List<DesiredObject> out = new ArrayList<>(desired.size());
        for (DesiredObject o : desired) {
            if (o.key().equals(target.deployment().key()) && record.step() < FINISHING) {
                out.add(BlueGreenObjects.stable(target));
            } else if (o.key().equals(target.service().key()) && record.step() >= SWITCHED) {
                out.add(BlueGreenObjects.switched(target));
            } else {
                out.add(o);
            }
        }
        return out;
    }

    @Override
    public Look look(RolloutTarget target, RolloutRecord record, Instant now) {
        if (record.phase() == RolloutRecord.Phase.Failed) { // autoRollback off: a person decides (promote or abort)
            return new Look(record, Verdict.HOLD);
        }
        if (record.step() >= FINISHING) {
            return finishing(target, record);
        }
        if (record.step() < PREVIEW || record.weight() != 0 && record.step() == PREVIEW) {
            record = record.atStep(PREVIEW, 0, record.step() < PREVIEW ? now : record.stepStartedAt()); // the preview takes no traffic
        }
        BlueGreenObjects.applyPreview(target);
        GenericKubernetesResource preview = BlueGreenObjects.previewLive(target);
        List<RolloutRecord.Check> checks = target.analysis().measure(target.rollout().analysis(), preview,
                preview == null ? List.of() : BlueGreenObjects.pods(target));
        Outcome outcome = Analyses.outcome(checks);
        String where = where(record);
        if (outcome == Outcome.INCONCLUSIVE && Analyses.waiting(checks)) { // still rolling out: not counted
            String why = where + ": waiting for the new version (" + Analyses.why(checks) + ")";
            return new Look(record.withPhase(RolloutRecord.Phase.Progressing, why).withAnalysis(checks, record.inconclusive(), why),
                    Verdict.HOLD);
        }
        if (outcome == Outcome.INCONCLUSIVE) {
            int inARow = record.inconclusive() + 1;
            int limit = target.rollout().analysis().maxInconclusive();
            if (inARow < limit) {
                String why = where + ": paused, inconclusive (" + inARow + " of " + limit + "): " + Analyses.why(checks);
                return new Look(record.withPhase(RolloutRecord.Phase.Paused, why).withAnalysis(checks, inARow, why), Verdict.HOLD);
            }
            return failed(target, record.withAnalysis(checks, inARow, null),
                    where + ": inconclusive " + inARow + " times in a row: " + Analyses.why(checks));
        }
        if (outcome == Outcome.FAILED) {
            return failed(target, record.withAnalysis(checks, 0, null), where + ": " + Analyses.why(checks));
        }
        Duration held = Duration.between(record.stepStartedAt(), now);
        Duration hold = record.step() == PREVIEW ? target.rollout().interval() : target.rollout().scaleDownDelay();
        RolloutRecord passed = record.withPhase(RolloutRecord.Phase.Progressing, null).withAnalysis(checks, 0, null);
        if (held.compareTo(hold) < 0) {
            return new Look(passed.withAnalysis(checks, 0, where + ": every check passed, held " + held.toSeconds()
                    + "s of " + hold.toSeconds() + "s"), Verdict.HOLD);
        }
        if (record.step() == PREVIEW) {
            BlueGreenObjects.route(target, true);
            RolloutRecord next = passed.atStep(SWITCHED, 100, now);
            return new Look(next.withAnalysis(checks, 0, where(next) + ": began"), Verdict.ADVANCED);
        }
        BlueGreenObjects.applyNewStable(target);
        RolloutRecord next = passed.atStep(FINISHING, 100, now);
        return new Look(next.withAnalysis(checks, 0, where(next) + ": began"), Verdict.ADVANCED);
    }

    /** The stable Deployment rolls to the new template while the preview serves; Healthy → promote. */
    private Look finishing(RolloutTarget target, RolloutRecord record) {
        BlueGreenObjects.applyNewStable(target); // idempotent: a restart mid-step finds it applied already
        GenericKubernetesResource stable = BlueGreenObjects.stableLive(target);
        HealthStatus health = stable == null ? HealthStatus.of(Health.Missing, "not there")
                : new DeploymentHealth().assess(stable);
        String where = where(record);
        if (health.code() == Health.Healthy) {
            return new Look(record.withAnalysis(record.analysis(), 0, where + ": " + target.deployment().key()
                    + " runs the new version, promoting"), Verdict.PROMOTE);
        }
        if (health.code() == Health.Degraded) {
            return failed(target, record, where + ": " + target.deployment().key() + " " + health.message());
        }
        return new Look(record.withAnalysis(record.analysis(), 0, where + ": waiting for " + target.deployment().key()
                + ": " + health.message()), Verdict.HOLD);
    }

    private static Look failed(RolloutTarget target, RolloutRecord record, String why) {
        if (target.rollout().autoRollback()) {
            return new Look(record.withAnalysis(record.analysis(), record.inconclusive(), why), Verdict.ROLL_BACK);
        }
        return new Look(record.withPhase(RolloutRecord.Phase.Failed, why + "; autoRollback is off: waiting for promote or abort"),
                Verdict.HOLD);
    }

    /** {@code preview (0%)}, {@code switched (100%), old version kept}, {@code finishing (100%)}. */
    public static String where(RolloutRecord record) {
        return switch (Math.max(record.step(), PREVIEW)) {
            case PREVIEW -> "preview (0%)";
            case SWITCHED -> "switched (100%), old version kept";
            default -> "finishing (100%)";
        };
    }

    /** Both ways (promoted or rolled back): the Service to Git's selector in one write, the preview deleted. */
    @Override
    public void cleanUp(RolloutTarget target, RolloutRecord record) {
        BlueGreenObjects.route(target, false);
        BlueGreenObjects.deletePreview(target);
    }
}
