package dev.plumbline.api;

import dev.plumbline.reconcile.Agent;
import dev.plumbline.schedule.leader.Ownership;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Whether this replica answers for an environment (decision 0039). Not configured here: 404. Sharded
 * ({@code plumbline.ha.mode: sharded}) and held by another replica: 421 Misdirected Request, an RFC 9457 problem whose
 * {@code owner} member names the replica holding the environment's Lease ({@code null} while it changes hands), so a
 * client or the UI asks that replica; {@code GET /api/v1/leader} on any replica lists every owner. With one leader,
 * every replica answers reads (followers check read-only), as before.
 */
@Singleton
public class Served {

    private final Agent agent;
    private final Ownership ownership;

    public Served(Agent agent, Ownership ownership) {
        this.agent = agent;
        this.ownership = ownership;
    }

    /** The refusal for {@code env} at {@code path}, or empty when this replica answers for it. */
    public Optional<HttpResponse<?>> refusal(String env, String path) {
        if (!agent.owns(env)) {
            return Optional.of(DriftController.unknown(env));
        }
        if (ownership.serves(env)) {
            return Optional.empty();
        }
        String owner = ownership.owner(env);
        String detail = "environment " + env + " is reconciled by replica " + (owner == null ? "(none yet: it is changing hands)" : owner)
                + ", not by " + ownership.identity() + "; ask that replica (GET /api/v1/leader lists every environment's owner)";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", HttpStatus.MISDIRECTED_REQUEST.getReason());
        body.put("status", HttpStatus.MISDIRECTED_REQUEST.getCode());
        body.put("detail", detail);
        body.put("instance", path);
        body.put("owner", owner);
        return Optional.of(HttpResponse.status(HttpStatus.MISDIRECTED_REQUEST).body(body).contentType(Problem.MEDIA_TYPE));
    }

    /** Whether this replica reports {@code env} in the lists ({@code /drift}, {@code /environments}). */
    public boolean lists(String env) {
        return ownership.serves(env);
    }
}
