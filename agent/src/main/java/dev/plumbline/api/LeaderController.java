package dev.plumbline.api;

import dev.plumbline.schedule.leader.Leadership;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Which agent reconciles: this one's identity, whether it holds the Lease, and who does. */
@Controller("/api/v1")
@Tag(name = "leader")
public class LeaderController {

    /**
     * @param identity       this agent
     * @param leader         true when this agent holds the Lease and may write (always, without leader election)
     * @param holder         the Lease holder as last seen; {@code null} before the first look
     * @param leaderElection whether leader election is on
     * @param lease          {@code namespace/name} of the Lease
     */
    public record LeaderStatus(String identity, boolean leader, String holder, boolean leaderElection, String lease) {
    }

    private final Leadership leadership;

    public LeaderController(Leadership leadership) {
        this.leadership = leadership;
    }

    @Get(value = "/leader", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "This agent's identity and the Lease holder")
    public LeaderStatus leader() {
        var o = leadership.options();
        return new LeaderStatus(o.identity(), leadership.isLeader(), leadership.holder(), o.enabled(), o.enabled() ? o.lease() : null);
    }
}
