package dev.plumbline.api;

import dev.plumbline.schedule.leader.Leadership;
import dev.plumbline.schedule.leader.Ownership;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;
import java.util.Map;

/** Which agent reconciles what: this one's identity, whether it holds the Lease, and who does (sharded: per environment). */
@Controller("/api/v1")
@Tag(name = "leader")
public class LeaderController {

    /**
     * @param identity       this agent
     * @param leader         true when this agent holds the Lease and may write (always, without leader election);
     *                       sharded: when it holds at least one environment's Lease and may write it
     * @param holder         the Lease holder as last seen; {@code null} before the first look (and when sharded)
     * @param leaderElection whether leader election (or sharding) is on
     * @param lease          {@code namespace/name} of the Lease (sharded: the Leases' name prefix)
     * @param mode           {@code leader} or {@code sharded} ({@code plumbline.ha.mode})
     * @param environments   sharded: the environments this agent holds
     * @param owners         sharded: every environment's holder as last seen
     * @param members        sharded: the live replicas as last seen
     */
    public record LeaderStatus(String identity, boolean leader, String holder, boolean leaderElection, String lease,
                               String mode, List<String> environments, Map<String, String> owners, List<String> members) {
    }

    private final Leadership leadership;
    private final Ownership ownership;

    public LeaderController(Leadership leadership, Ownership ownership) {
        this.leadership = leadership;
        this.ownership = ownership;
    }

    @Get(value = "/leader", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "This agent's identity and the Lease holder (sharded: each environment's)")
    public LeaderStatus leader() {
        var o = leadership.options();
        if (ownership == leadership) {
            return new LeaderStatus(o.identity(), leadership.isLeader(), leadership.holder(), o.enabled(),
                    o.enabled() ? o.lease() : null, ownership.mode(), null, null, null);
        }
        Map<String, String> owners = ownership.owners();
        List<String> mine = owners.keySet().stream().filter(ownership::writes).toList();
        return new LeaderStatus(ownership.identity(), !mine.isEmpty(), null, true, o.leaseNamespace() + "/" + o.leaseName() + "-*",
                ownership.mode(), mine, owners, ownership.members());
    }
}
