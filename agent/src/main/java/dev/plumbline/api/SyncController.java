package dev.plumbline.api;

import dev.plumbline.reconcile.Agent;
import dev.plumbline.reconcile.ManualSync;
import dev.plumbline.reconcile.RevisionMovedException;
import dev.plumbline.reconcile.SyncOutcome;
import dev.plumbline.render.RenderException;
import dev.plumbline.render.RenderProblem;
import dev.plumbline.resource.PlumblineException;
import dev.plumbline.schedule.ReconcileScheduler;
import dev.plumbline.source.SourceException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.Map;
import java.util.Optional;

/** Sync (approval, rollback pin, dry run), pin deletion and history. Mutating calls need the bearer token. */
@Controller("/api/v1/environments/{env}")
@Tag(name = "sync")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SyncController {

    /** The body of {@code POST .../sync}; every field optional. */
    public record SyncBody(@Nullable String revision, @Nullable Boolean pin, @Nullable Boolean prune,
                           @Nullable Boolean dryRun, @Nullable Boolean confirmPrune) {
    }

    private final Agent agent;
    private final Optional<ReconcileScheduler> scheduler;
    private final Served served;

    public SyncController(Agent agent, Optional<ReconcileScheduler> scheduler, Served served) {
        this.agent = agent;
        this.scheduler = scheduler;
        this.served = served;
    }

    @Post(value = "/sync", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Sync now: approve a revision, pin one (rollback), dry-run, confirm a large prune")
    public HttpResponse<?> sync(@PathVariable String env, @Nullable @Body SyncBody body) {
        Optional<HttpResponse<?>> refused = served.refusal(env, path(env, "/sync"));
        if (refused.isPresent()) {
            return refused.get();
        }
        SyncBody b = body == null ? new SyncBody(null, null, null, null, null) : body;
        if (Boolean.TRUE.equals(b.pin()) && b.revision() == null) {
            return Problem.response(HttpStatus.BAD_REQUEST, "pin needs a revision", path(env, "/sync"));
        }
        try {
            SyncOutcome outcome = agent.reconciler().sync(env, new ManualSync(b.revision(), Boolean.TRUE.equals(b.pin()),
                    b.prune(), Boolean.TRUE.equals(b.dryRun()), Boolean.TRUE.equals(b.confirmPrune()), null));
            return HttpResponse.ok(outcome);
        } catch (RevisionMovedException e) {
            return Problem.response(HttpStatus.CONFLICT, e.getMessage(), path(env, "/sync"));
        } catch (RenderException e) {
            return Problem.response(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage(), path(env, "/sync"))
                    .body(Map.of("type", "about:blank", "title", "Unprocessable Entity", "status", 422, "detail", e.getMessage(),
                            "problems", e.problems().stream().map(RenderProblem::toString).toList()));
        } catch (SourceException e) {
            // a revision that does not exist is the request's error, not the agent's: 422, as GitHub answers one
            HttpStatus status = e.reason() == SourceException.Reason.UNKNOWN_REVISION ? HttpStatus.UNPROCESSABLE_ENTITY
                    : HttpStatus.SERVICE_UNAVAILABLE;
            return Problem.response(status, e.getMessage(), path(env, "/sync"));
        } catch (PlumblineException e) {
            return Problem.response(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), path(env, "/sync"));
        }
    }

    @Delete(value = "/pin", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Resume following the branch")
    public HttpResponse<?> unpin(@PathVariable String env) {
        Optional<HttpResponse<?>> refused = served.refusal(env, path(env, "/pin"));
        if (refused.isPresent()) {
            return refused.get();
        }
        var control = agent.reconciler().unpin(env);
        scheduler.ifPresent(s -> s.trigger(env, "manual"));
        return HttpResponse.ok(control);
    }

    @Get(value = "/history", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Past syncs, newest first (persisted in the cluster; the last 1,000 by default)")
    public HttpResponse<?> history(@PathVariable String env) {
        if (!agent.owns(env)) {
            return DriftController.unknown(env);
        }
        return HttpResponse.ok(agent.reconciler().history(env));
    }

    @Get(value = "/dora", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "DORA measures over the whole kept sync history: deployment frequency, lead time, change failure rate, "
            + "time to restore; only a new revision reaching the cluster is a deployment")
    public HttpResponse<?> dora(@PathVariable String env) {
        if (!agent.owns(env)) {
            return DriftController.unknown(env);
        }
        return HttpResponse.ok(agent.reconciler().dora(env));
    }

    private static String path(String env, String tail) {
        return "/api/v1/environments/" + env + tail;
    }
}
