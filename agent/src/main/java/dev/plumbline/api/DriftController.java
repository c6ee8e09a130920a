package dev.plumbline.api;

import dev.plumbline.reconcile.Agent;
import dev.plumbline.reconcile.EnvironmentReport;
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

import java.util.List;
import java.util.Map;

/** Drift reports: every environment's, one environment's, and a refresh (fetch + diff now). */
@Controller("/api/v1")
@Tag(name = "drift")
public class DriftController {

    private final Agent agent;
    private final Served served;

    public DriftController(Agent agent, Served served) {
        this.agent = agent;
        this.served = served;
    }

    /** Every environment's drift report, with per-object entries (sharded: those this replica holds). */
    @Get(value = "/drift", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Every environment's drift report")
    public Map<String, Object> drift() {
        return Map.of("environments", reports(false), "configured", agent.notConfigured() == null ? "yes" : agent.notConfigured());
    }

    /** Environments with status, revision and counts (no entries). */
    @Get(value = "/environments", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Environments with sync status and revision")
    public List<EnvironmentReport> environments() {
        return reports(true);
    }

    @Get(value = "/environments/{env}", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "One environment")
    public HttpResponse<?> environment(@PathVariable String env) {
        return served.refusal(env, "/api/v1/environments/" + env).orElseGet(() -> HttpResponse.ok(report(env).summary()));
    }

    @Get(value = "/environments/{env}/drift", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Per-object, per-field drift of one environment")
    public HttpResponse<?> environmentDrift(@PathVariable String env) {
        return served.refusal(env, "/api/v1/environments/" + env + "/drift").orElseGet(() -> HttpResponse.ok(report(env)));
    }

    /** Fetch and diff now; answers the new report. Needs the bearer token. */
    @Post(value = "/environments/{env}/refresh", produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Operation(summary = "Fetch + diff now")
    public HttpResponse<?> refresh(@PathVariable String env) {
        return served.refusal(env, "/api/v1/environments/" + env + "/refresh")
                .orElseGet(() -> HttpResponse.ok(agent.reconciler().check(env)));
    }

    private EnvironmentReport report(String env) {
        return agent.active().flatMap(r -> r.report(env)).orElse(EnvironmentReport.unknown(env));
    }

    private List<EnvironmentReport> reports(boolean summaries) {
        return agent.environments().stream().filter(served::lists).map(this::report).map(r -> summaries ? r.summary() : r).toList();
    }

    static HttpResponse<Problem> unknown(String env) {
        return Problem.response(HttpStatus.NOT_FOUND, "environment " + env + " is not reconciled by this agent",
                "/api/v1/environments/" + env);
    }
}
