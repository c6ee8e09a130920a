package dev.plumbline.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.testing.KubernetesExtension;
import io.fabric8.kubernetes.api.model.ConfigMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12 case 3 through the running agent: a Git writer cannot open the approval gate, and the operator's
 * {@code require-approval} (the map form of {@code plumbline.environments}) holds whatever Git says. Real HTTP, a real
 * Git repository polled by the agent, the real API server.
 */
@ExtendWith({KubernetesExtension.class, FaultLedgerExtension.class})
class TrustFaultsIT {

    private static final String TOKEN = "trust-token";

    @RegisterExtension
    final FaultHarness it = new FaultHarness();
    private InProcessAgent agent;

    @AfterEach
    void tearDown() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    private InProcessAgent start(Map<String, Object> environments) throws Exception {
        Path token = Files.writeString(it.tmp.resolve("token"), TOKEN + "\n");
        Map<String, Object> properties = new HashMap<>(Map.of(
                "plumbline.repo.url", it.work.dir().toString(),
                "plumbline.repo.poll-interval", "300ms",
                "plumbline.repo.cache-dir", it.tmp.resolve("agent-cache").toString(),
                "plumbline.kubeconfig", it.cluster.kubeconfigPath().toString(),
                "plumbline.state-namespace", it.cluster.stateNamespace(),
                "plumbline.api.token-file", token.toString()));
        properties.putAll(environments);
        return InProcessAgent.start(properties);
    }

    private HttpResponse<String> approve(String sha) throws Exception {
        return agent.http.send(HttpRequest.newBuilder(agent.uri("/api/v1/environments/" + it.env + "/sync"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"revision\": \"" + sha + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode gateOnceAt(String sha) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> agent.drift(it.env).path("gate"),
                g -> sha.equals(g.path("pending").asText(null)));
    }

    private String value(String name) {
        ConfigMap cm = it.cluster.client().configMaps().inNamespace(it.env).withName(name).get();
        return cm == null ? null : cm.getData().get("value");
    }

    @Test
    @Fault("a commit sets sync.auto: true in a gated environment and changes a ConfigMap")
    void aCommitOpeningTheGateWaitsForAnApprovalNamingIt() throws Exception {
        it.work.write(it.dir() + "plumbline.yaml", it.policy("  auto: false")).write(it.dir() + "cm.yaml", FaultHarness.configMap("cm", "a"));
        String a = it.commit("A");
        agent = start(Map.of("plumbline.environments", List.of(it.env)));
        gateOnceAt(a);
        assertThat(approve(a).statusCode()).isEqualTo(200);
        assertThat(value("cm")).isEqualTo("a");

        it.work.write(it.dir() + "plumbline.yaml", it.policy("  auto: true")).write(it.dir() + "cm.yaml", FaultHarness.configMap("cm", "b"));
        String b = it.commit("B: open the gate");
        JsonNode gate = gateOnceAt(b);
        assertThat(gate.path("policyChanges").toString()).contains("\"key\":\"sync.auto\"", "\"from\":\"false\"", "\"to\":\"true\"");
        Thread.sleep(1000); // a few more polls: B must still not deploy itself
        assertThat(value("cm")).isEqualTo("a");

        assertThat(approve(b).statusCode()).isEqualTo(200);
        assertThat(value("cm")).isEqualTo("b");
    }

    @Test
    @Fault("Git says sync.auto: true where the operator's configuration requires approval")
    void theOperatorsRequireApprovalHoldsWhateverGitSays() throws Exception {
        it.work.write(it.dir() + "plumbline.yaml", it.policy("  auto: true")).write(it.dir() + "cm.yaml", FaultHarness.configMap("cm", "a"));
        String a = it.commit("A");
        agent = start(Map.of("plumbline.environments", Map.of(it.env, Map.of("require-approval", true,
                "namespaces", List.of(it.env), "cluster-scoped", List.of()))));
        gateOnceAt(a);
        Thread.sleep(1000);
        assertThat(value("cm")).as("require-approval: nothing applied before an approval").isNull();

        assertThat(approve(a).statusCode()).isEqualTo(200);
        assertThat(value("cm")).isEqualTo("a");

        it.work.write(it.dir() + "cm.yaml", FaultHarness.configMap("cm", "b"));
        String b = it.commit("B");
        gateOnceAt(b);
        Thread.sleep(1000);
        assertThat(value("cm")).isEqualTo("a");
    }
}
