package dev.plumbline.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.api.Problem;
import dev.plumbline.api.webhook.PushEvent.Kind;
import dev.plumbline.api.webhook.PushEvent.RefUpdate;
import dev.plumbline.config.AgentConfig;
import dev.plumbline.reconcile.Agent;
import dev.plumbline.schedule.ReconcileScheduler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.BeanProvider;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** {@code POST /api/v1/webhooks/git}: a signed push triggers an immediate run of the environments it affects. */
@Controller("/api/v1/webhooks")
@Tag(name = "webhooks")
public class WebhookController {

    static final int MAX_PAYLOAD = 1024 * 1024;
    private static final String PATH = "/api/v1/webhooks/git";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookController.class);

    private final Agent agent;
    private final AgentConfig.Repo repo;
    private final BeanProvider<ReconcileScheduler> scheduler;
    private final WebhookSecret secret;
    private final PushLatency latency;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final WebhookVerifier verifier = new WebhookVerifier();

    public WebhookController(Agent agent, AgentConfig.Repo repo, BeanProvider<ReconcileScheduler> scheduler,
                             WebhookSecret secret, PushLatency latency, ObjectMapper json, MeterRegistry registry) {
        this.agent = agent;
        this.repo = repo;
        this.scheduler = scheduler;
        this.secret = secret;
        this.latency = latency;
        this.json = json;
        this.registry = registry;
    }

    @Post(value = "/git", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Operation(summary = "Git push webhook (GitHub, GitLab, Gitea/Forgejo, Bitbucket, generic HMAC)")
    public HttpResponse<?> receive(HttpRequest<?> request, @Nullable @Body byte[] body) {
        long received = System.nanoTime();
        byte[] payload = body == null ? new byte[0] : body;
        Function<String, String> headers = name -> request.getHeaders().get(name);
        if (payload.length > MAX_PAYLOAD) {
            count(Provider.detect(headers).map(Provider::name).orElse("unknown"), "too_large");
            return Problem.response(HttpStatus.REQUEST_ENTITY_TOO_LARGE,
                    "webhook payload of " + payload.length + " bytes exceeds the limit of " + MAX_PAYLOAD, PATH);
        }
        WebhookSecret.Loaded key = secret.load();
        WebhookVerifier.Verdict verdict = key.problem() == null ? verifier.verify(headers, payload, key.value())
                : new WebhookVerifier.Verdict(Provider.detect(headers).orElse(null), key.problem());
        if (!verdict.valid()) {
            // Never the payload or the sent signature: only who claims to send it, from where, and why it was refused.
            LOG.warn("webhook refused: {} (provider {}, from {})", verdict.failure(),
                    verdict.provider() == null ? "unknown" : verdict.provider(), remote(request));
            count(verdict.provider() == null ? "unknown" : verdict.provider().name(), "unauthorized");
            return Problem.response(HttpStatus.UNAUTHORIZED, verdict.failure(), PATH);
        }
        PushEvent event;
        try {
            event = PushParser.parse(verdict.provider(), headers, document(request, payload));
        } catch (IOException e) {
            count(verdict.provider().name(), "bad_payload");
            return Problem.response(HttpStatus.BAD_REQUEST, "webhook payload parse failed: " + e.getMessage(), PATH);
        }
        return act(verdict.provider(), event, received, remote(request));
    }

    private HttpResponse<?> act(Provider provider, PushEvent event, long received, String from) {
        if (event.kind() == Kind.PING) {
            count(provider.name(), "ping");
            return HttpResponse.ok(Map.of("message", "pong"));
        }
        if (event.kind() == Kind.OTHER) {
            return ignored(provider, "event " + event.name() + " is not a push");
        }
        if (agent.active().isEmpty()) {
            return Problem.response(HttpStatus.SERVICE_UNAVAILABLE, agent.notConfigured(), PATH);
        }
        String followed = RepoUrls.normalize(repo.getUrl());
        if (event.repositories().stream().map(RepoUrls::normalize).noneMatch(followed::equals)) {
            return ignored(provider, "push to " + (event.repositories().isEmpty() ? "an unnamed repository"
                    : RepoUrls.normalize(event.repositories().get(0))) + ", following " + followed);
        }
        RefUpdate update = event.refs().stream().filter(r -> r.isBranch(repo.getBranch())).findFirst().orElse(null);
        if (update == null) {
            return ignored(provider, "push to " + (event.refs().isEmpty() ? "no branch" : event.refs().get(0).ref())
                    + ", following " + repo.getBranch());
        }
        if (!scheduler.isPresent()) {
            return Problem.response(HttpStatus.SERVICE_UNAVAILABLE,
                    "webhook runs need the scheduler, and plumbline.schedule.enabled is false", PATH);
        }
        return trigger(provider, event, update, received, from);
    }

    private HttpResponse<?> trigger(Provider provider, PushEvent event, RefUpdate update, long received, String from) {
        List<String> affected = event.files() != null && event.files().isEmpty() ? List.of()
                : agent.reconciler().affectedBy(agent.environments(), event.files() == null ? List.of() : event.files());
        List<String> coalesced = new ArrayList<>();
        for (String env : affected) {
            if (alreadyAt(env, update.sha())) { // a repeated delivery of a push the environment has reached
                coalesced.add(env);
                continue;
            }
            latency.pushed(env, received, update.sha());
            if (!scheduler.get().trigger(env, "webhook")) {
                coalesced.add(env);
            }
        }
        LOG.info("webhook: {} push to {} at {} from {}: {} file(s), environments {} (coalesced {})", provider, update.ref(),
                update.sha() == null ? "unknown revision" : update.sha(), from,
                event.files() == null ? "unlisted" : event.files().size(), affected, coalesced);
        count(provider.name(), "triggered");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("environments", affected);
        answer.put("coalesced", coalesced);
        answer.put("revision", update.sha());
        return HttpResponse.accepted().body(answer);
    }

    private boolean alreadyAt(String env, String sha) {
        return sha != null && agent.reconciler().report(env)
                .filter(r -> !r.stale() && r.revision() != null && sha.equals(r.revision().sha()) && "Synced".equals(r.status()))
                .isPresent();
    }

    private HttpResponse<?> ignored(Provider provider, String why) {
        LOG.info("webhook: {} ignored: {}", provider, why);
        count(provider.name(), "ignored");
        return HttpResponse.accepted().body(Map.of("ignored", why));
    }

    /** GitHub may be set to send {@code application/x-www-form-urlencoded}: the JSON is then its {@code payload} field. */
    private JsonNode document(HttpRequest<?> request, byte[] payload) throws IOException {
        boolean form = request.getContentType().map(t -> t.matches(MediaType.APPLICATION_FORM_URLENCODED_TYPE)).orElse(false);
        JsonNode document = json.readTree(form ? FormPayload.json(payload) : payload);
        if (document == null || !document.isObject()) {
            throw new IOException("the payload is not a JSON object");
        }
        return document;
    }

    private void count(String provider, String outcome) {
        Counter.builder("plumbline.webhook.requests").description("webhook requests by provider and outcome")
                .tag("provider", provider.toLowerCase(java.util.Locale.ROOT)).tag("outcome", outcome).register(registry).increment();
    }

    private static String remote(HttpRequest<?> request) {
        InetSocketAddress address = request.getRemoteAddress();
        return address == null || address.getAddress() == null ? "unknown" : address.getAddress().getHostAddress();
    }
}
