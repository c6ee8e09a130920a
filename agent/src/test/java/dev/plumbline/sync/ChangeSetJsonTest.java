package dev.plumbline.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.inventory.Owner;
import dev.plumbline.inventory.OwnershipConflict;
import dev.plumbline.resource.ResourceKey;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeSetJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final ChangeSet CHANGES = new ChangeSet("production", "3f2a9c1", false, List.of(
            ChangeEntry.of(ResourceKey.of("", "ConfigMap", "shop", "settings"), "v1", Action.UNCHANGED, null),
            ChangeEntry.of(ResourceKey.of("apps", "Deployment", "shop", "api"), "apps/v1", Action.CONFIGURED, null)
                    .withTakenFrom(List.of("kubectl-edit")),
            ChangeEntry.of(ResourceKey.of("", "ConfigMap", "shop", "old"), "v1", Action.PRUNED, null)), null);

    @Test
    void serializesWithLowerCaseActionsSummaryAndFailed() throws Exception {
        String json = JSON.writeValueAsString(CHANGES);

        assertThat(json).isEqualTo("{\"environment\":\"production\",\"revision\":\"3f2a9c1\",\"dryRun\":false,"
                + "\"guard\":null,\"conflict\":null,\"failed\":false,\"summary\":{\"configured\":1,\"unchanged\":1,\"pruned\":1},"
                + "\"entries\":["
                + "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"namespace\":\"shop\",\"name\":\"settings\","
                + "\"action\":\"unchanged\",\"reason\":null,\"takenFrom\":[]},"
                + "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"namespace\":\"shop\",\"name\":\"api\","
                + "\"action\":\"configured\",\"reason\":null,\"takenFrom\":[\"kubectl-edit\"]},"
                + "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"namespace\":\"shop\",\"name\":\"old\","
                + "\"action\":\"pruned\",\"reason\":null,\"takenFrom\":[]}]}");
    }

    @Test
    void anOwnershipConflictNamesBothSourcesAndFails() throws Exception {
        ChangeSet conflict = new ChangeSet("e", "r", false, List.of(), null, new OwnershipConflict("e",
                new Owner("https://git.example.com/acme/r5", ""), new Owner("https://git.example.com/acme/r6", "blue")));

        String json = JSON.writeValueAsString(conflict);

        assertThat(conflict.failed()).isTrue();
        assertThat(conflict.guard()).startsWith("Conflict: environment e belongs to https://git.example.com/acme/r5; "
                + "this source is https://git.example.com/acme/r6 (instance blue)");
        assertThat(json).contains("\"conflict\":{\"environment\":\"e\",\"owner\":{\"source\":"
                + "\"https://git.example.com/acme/r5\",\"instance\":\"\"},\"claimant\":{\"source\":"
                + "\"https://git.example.com/acme/r6\",\"instance\":\"blue\"},\"message\":\"Conflict: ");
        assertThat(JSON.readValue(json, ChangeSet.class)).isEqualTo(conflict);
    }

    @Test
    void readsBackWhatItWrote() throws Exception {
        assertThat(JSON.readValue(JSON.writeValueAsString(CHANGES), ChangeSet.class)).isEqualTo(CHANGES);
    }

    @Test
    void aGuardOrAFailedObjectFailsTheSync() {
        assertThat(CHANGES.failed()).isFalse();
        assertThat(new ChangeSet("p", "r", false, List.of(), "prune of 12 objects ...").failed()).isTrue();
        ChangeSet failed = new ChangeSet("p", "r", false, List.of(ChangeEntry.of(
                ResourceKey.of("", "ConfigMap", "shop", "x"), "v1", Action.FAILED, "HTTP 403")), null);
        assertThat(failed.failed()).isTrue();
        assertThat(failed.summary()).isEqualTo(Map.of(Action.FAILED, 1));
    }
}
