package dev.plumbline.api;

import dev.plumbline.history.RolloutRecord;
import dev.plumbline.reconcile.Agent;
import dev.plumbline.reconcile.RolloutRequestException;
import dev.plumbline.reconcile.SyncOutcome;
import dev.plumbline.resource.PlumblineException;
import dev.plumbline.schedule.ReconcileScheduler;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.Optional;

/**
 * Rollouts (canary): their state as recorded in the cluster, and promote / abort. The POSTs need the bearer token
 * (ApiAuthFilter); errors are RFC 9457 problems: 404 unknown environment or rollout, 409 a rollout not in charge.
 */
@Controller("/api/v1/environments/{env}/rollouts")
@Tag(name = "rollouts")
@ExecuteOn(TaskExecutors.BLOCKING)
public class RolloutController {

    /** What promote and abort answer: the rollout after it, and the sync it caused (promotion or rollback). */
    public record Decided(RolloutRecord rollout, @Nullable SyncOutcome sync) {
    }

    private final Agent agent;
    private final Optional<ReconcileScheduler> scheduler;

    public RolloutController(Agent agent, Optional<ReconcileScheduler> scheduler) {
        this.agent = agent;
        this.scheduler = scheduler;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "The environment's rollouts: phase, step, weight, stable and canary revisions, the last analysis")
    public HttpResponse<?> list(@PathVariable String env) {
        if (!agent.owns(env)) {
            return DriftController.unknown(env);
        }
        try {
            return HttpResponse.ok(agent.reconciler().rolloutControl().list(env));
        } catch (PlumblineException e) {
            return Problem.response(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), path(env, ""));
        }
    }

    @Post(value = "/{name}/promote", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Promote now: the remaining steps are skipped, the new revision is synced plainly, the canary removed")
    public HttpResponse<?> promote(@PathVariable String env, @PathVariable String name) {
        return decide(env, name, true);
    }

    @Post(value = "/{name}/abort", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Abort now: the canary is removed, the stable revision synced again, the new one marked failed")
    public HttpResponse<?> abort(@PathVariable String env, @PathVariable String name) {
        return decide(env, name, false);
    }

    private HttpResponse<?> decide(String env, String name, boolean promote) {
        String path = path(env, "/" + name + (promote ? "/promote" : "/abort"));
        if (!agent.owns(env)) {
            return DriftController.unknown(env);
        }
        try {
            SyncOutcome outcome = agent.reconciler().rolloutControl().decide(env, name, promote);
            RolloutRecord after = agent.reconciler().rolloutControl().list(env).stream().filter(r -> r.name().equals(name))
                    .findFirst().orElse(null);
            scheduler.ifPresent(s -> s.trigger(env, "manual"));
            return HttpResponse.ok(new Decided(after, outcome));
        } catch (RolloutRequestException e) {
            return Problem.response(HttpStatus.valueOf(e.status()), e.getMessage(), path);
        } catch (PlumblineException e) {
            return Problem.response(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), path);
        }
    }

    private static String path(String env, String tail) {
        return "/api/v1/environments/" + env + "/rollouts" + tail;
    }
}
