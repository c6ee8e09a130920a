package dev.plumbline.chart;

import static dev.plumbline.chart.ChartRender.customValues;
import static dev.plumbline.chart.ChartRender.get;
import static dev.plumbline.chart.ChartRender.name;
import static dev.plumbline.chart.ChartRender.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.marcnuri.helm.LintResult;
import dev.plumbline.chart.ChartRender.Rendered;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** charts/plumbline: lint, and what it renders with default and non-default values. */
class ChartTest {

    private static final String NAMESPACE = "plumbline-system";
    /** Served from Kubernetes 1.20 through the newest release (ServiceMonitor: a CRD, only when enabled). */
    private static final Set<String> SERVED_API_VERSIONS = Set.of("v1", "apps/v1", "rbac.authorization.k8s.io/v1",
            "coordination.k8s.io/v1", "monitoring.coreos.com/v1");

    @Test
    void lintsCleanInStrictMode() {
        LintResult result = ChartRender.helm().lint().strict().call();

        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.20.0", "1.21.14", "1.25.0", "1.34.1", "1.37.2"})
    void rendersForEverySupportedKubernetesVersion(String kubeVersion) {
        Rendered rendered = Rendered.parse(ChartRender.template(NAMESPACE,
                customValues(List.of("team-a"), "plumbline-state"), kubeVersion));

        assertThat(rendered.objects()).extracting(o -> (String) o.get("apiVersion")).isSubsetOf(SERVED_API_VERSIONS);
    }

    @Test
    void refusesKubernetesOlderThan120() {
        assertThatThrownBy(() -> ChartRender.template(NAMESPACE, Map.of(), "1.19.16"))
                .hasMessageContaining("kubeVersion");
    }

    @Test
    void theInstanceValueBecomesTheAgentsOwnerInstance() {
        Map<String, Object> config = applicationYml(render(NAMESPACE, Map.of("instance", "blue")));

        assertThat(ChartRender.<String>get(config, "plumbline", "instance")).isEqualTo("blue");
        try (var ctx = io.micronaut.context.ApplicationContext.builder()
                .propertySources(io.micronaut.context.env.PropertySource.of("chart", config)).eagerInitSingletons(false).build().start()) {
            assertThat(ctx.getBean(dev.plumbline.config.AgentConfig.class).getInstance()).isEqualTo("blue");
        }
        assertThat(ChartRender.<Map<String, Object>>get(applicationYml(render(NAMESPACE, Map.of())), "plumbline"))
                .doesNotContainKey("instance");
    }

    @Test
    void rendersTheOperatorsLimitsInTheFormTheAgentReads() {
        Map<String, Object> values = Map.of("environments", List.of("production", "staging"),
                "limits", Map.of("production", Map.of("namespaces", List.of("shop", "shop-*"),
                        "clusterScoped", List.of("Namespace"), "requireApproval", true)));
        Map<String, Object> config = applicationYml(render(NAMESPACE, values));

        assertThat(ChartRender.<Map<String, Object>>get(config, "plumbline", "environments", "production"))
                .containsEntry("namespaces", List.of("shop", "shop-*")).containsEntry("cluster-scoped", List.of("Namespace"))
                .containsEntry("require-approval", true);
        // what the agent binds from exactly this application.yml
        try (var ctx = io.micronaut.context.ApplicationContext.builder()
                .propertySources(io.micronaut.context.env.PropertySource.of("chart", config)).eagerInitSingletons(false).build().start()) {
            var settings = dev.plumbline.config.EnvironmentSettings.read(ctx.getBean(dev.plumbline.config.AgentConfig.class), ctx.getEnvironment());
            assertThat(settings.names()).containsExactly("production", "staging");
            assertThat(settings.limits().get("production"))
                    .isEqualTo(new dev.plumbline.config.EnvironmentLimits(List.of("shop", "shop-*"), List.of("Namespace"), true));
            assertThat(settings.limits().get("staging")).isEqualTo(dev.plumbline.config.EnvironmentLimits.none());
        }
        assertThatThrownBy(() -> render(NAMESPACE, Map.of("environments", List.of("production"),
                "limits", Map.of("prod", Map.of("requireApproval", true))))).hasMessageContaining("limits.prod");
    }

    @Test
    void aServiceAccountLimitGrantsImpersonatingExactlyIt() {
        Map<String, Object> values = Map.of("environments", List.of("production", "staging", "dev"),
                "limits", Map.of("production", Map.of("serviceAccount", "shop-deployer"),
                        "staging", Map.of("serviceAccount", "team-a/deployer"), "dev", Map.of("requireApproval", true)));
        Rendered rendered = render(NAMESPACE, values);

        Map<String, Object> config = applicationYml(rendered);
        assertThat(ChartRender.<Map<String, Object>>get(config, "plumbline", "environments", "production"))
                .containsEntry("service-account", "shop-deployer");
        assertThat(ChartRender.<Map<String, Object>>get(config, "plumbline", "environments", "dev"))
                .doesNotContainKey("service-account");
        try (var ctx = io.micronaut.context.ApplicationContext.builder()
                .propertySources(io.micronaut.context.env.PropertySource.of("chart", config)).eagerInitSingletons(false).build().start()) {
            var settings = dev.plumbline.config.EnvironmentSettings.read(ctx.getBean(dev.plumbline.config.AgentConfig.class), ctx.getEnvironment());
            assertThat(settings.limits().get("production").impersonate(NAMESPACE).orElseThrow().username())
                    .isEqualTo("system:serviceaccount:plumbline-system:shop-deployer");
            assertThat(settings.limits().get("staging").impersonate(NAMESPACE).orElseThrow().username())
                    .isEqualTo("system:serviceaccount:team-a:deployer");
        }
        // a bare name lies in the state namespace (here the release namespace), as the agent reads it
        Map<String, Object> own = rendered.ofKind("Role").stream()
                .filter(r -> "plumbline-impersonate".equals(get(r, "metadata", "name"))
                        && NAMESPACE.equals(get(r, "metadata", "namespace"))).findFirst().orElseThrow();
        assertThat(ChartRender.<Map<String, Object>>get(own, "rules", 0)).containsEntry("resources", List.of("serviceaccounts"))
                .containsEntry("verbs", List.of("impersonate")).containsEntry("resourceNames", List.of("shop-deployer"));
        Map<String, Object> teamA = rendered.ofKind("Role").stream()
                .filter(r -> "team-a".equals(get(r, "metadata", "namespace"))).findFirst().orElseThrow();
        assertThat(ChartRender.<List<String>>get(teamA, "rules", 0, "resourceNames")).containsExactly("deployer");
        assertThat(rendered.ofKind("RoleBinding")).filteredOn(b -> "plumbline-impersonate".equals(get(b, "metadata", "name")))
                .extracting(b -> (String) get(b, "metadata", "namespace")).containsExactlyInAnyOrder(NAMESPACE, "team-a");
        Map<String, Object> groups = rendered.one("ClusterRole", "plumbline-impersonate");
        assertThat(ChartRender.<Map<String, Object>>get(groups, "rules", 0)).containsEntry("resources", List.of("groups"))
                .containsEntry("verbs", List.of("impersonate"));
        assertThat(ChartRender.<List<String>>get(groups, "rules", 0, "resourceNames")).containsExactlyInAnyOrder(
                "system:authenticated", "system:serviceaccounts", "system:serviceaccounts:plumbline-system",
                "system:serviceaccounts:team-a");
        assertThat(name(rendered.one("ClusterRoleBinding", "plumbline-impersonate"))).isEqualTo("plumbline-impersonate");

        assertThat(render(NAMESPACE, Map.of("environments", List.of("production"), "limits",
                Map.of("production", Map.of("requireApproval", true)))).objects())
                .noneMatch(o -> "plumbline-impersonate".equals(get(o, "metadata", "name")));
        assertThatThrownBy(() -> render(NAMESPACE, Map.of("environments", List.of("production"),
                "limits", Map.of("production", Map.of("serviceAccount", "a/b/c"))))).hasMessageContaining("limits.production.serviceAccount");
    }

    @Test
    void dockerfileRunsTheAgentJarThroughTheLauncherAsANonRootUser() throws IOException {
        String dockerfile = Files.readString(ChartRender.chartDir().resolve("../../Dockerfile").normalize());
        String launcher = Files.readString(ChartRender.chartDir().resolve("../../plumbline").normalize());

        assertThat(dockerfile).contains("FROM eclipse-temurin:17-jre", "COPY agent/target/plumbline.jar /app/plumbline.jar",
                "COPY plumbline /app/plumbline", "/app/plumbline --build-start-cache", "USER 10001", "EXPOSE 8080",
                "ENTRYPOINT [\"/app/plumbline\"]", "CMD [\"serve\"]", "-XX:MaxRAMPercentage=75");
        // the launcher finds the jar beside itself and keeps the agent's OutOfMemoryError exit
        assertThat(launcher).contains("\"$here/plumbline.jar\"", "serve|demo)", "-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void notesTellHowToReadDriftAndApproveASync() {
        // a client-only dry-run install renders NOTES.txt without a cluster
        String output = ChartRender.helm().install().withName(ChartRender.RELEASE).withNamespace(NAMESPACE)
                .clientOnly().dryRun().set("repo.url", "https://git.example.com/acme/deploy.git")
                .set("api.existingSecret", "plumbline-api").call().getOutput();
        String notes = output.substring(output.indexOf("NOTES:"));

        assertThat(notes).contains("kubectl -n plumbline-system port-forward svc/plumbline 8080:8080",
                "curl localhost:8080/api/v1/drift", "get secret plumbline-api",
                "localhost:8080/api/v1/environments/production/sync", "environments is empty")
                .doesNotContain("repo.url is not set");
    }

    @Nested
    class DefaultValues {

        private final Rendered rendered = render(NAMESPACE, Map.of());

        @Test
        void rendersTheAgentObjectsAndNoServiceMonitor() {
            assertThat(rendered.kinds()).containsExactlyInAnyOrder("ServiceAccount", "ConfigMap", "ClusterRole",
                    "ClusterRoleBinding", "Role", "RoleBinding", "Service", "Deployment");
            assertThat(rendered.objects()).extracting(o -> (String) o.get("apiVersion")).isSubsetOf(SERVED_API_VERSIONS);
        }

        @Test
        void labelsEveryObjectTheKubernetesWay() {
            assertThat(rendered.objects()).allSatisfy(o -> assertThat(ChartRender.<Map<String, Object>>get(o, "metadata", "labels"))
                    .containsEntry("app.kubernetes.io/name", "plumbline")
                    .containsEntry("app.kubernetes.io/instance", "plumbline")
                    .containsEntry("app.kubernetes.io/version", "0.1.0")
                    .containsEntry("app.kubernetes.io/managed-by", "Helm")
                    .containsEntry("helm.sh/chart", "plumbline-0.1.0"));
        }

        @Test
        void putsNamespacedObjectsInTheReleaseNamespace() {
            assertThat(rendered.objects()).filteredOn(o -> !((String) o.get("kind")).startsWith("Cluster"))
                    .allSatisfy(o -> assertThat((String) get(o, "metadata", "namespace")).isEqualTo(NAMESPACE));
        }

        @Test
        void runsOneLockedDownNonRootAgent() {
            Map<String, Object> deployment = rendered.one("Deployment");
            Map<String, Object> pod = get(deployment, "spec", "template", "spec");
            Map<String, Object> container = get(pod, "containers", 0);

            assertThat((Integer) get(deployment, "spec", "replicas")).isEqualTo(1);
            assertThat((String) get(deployment, "spec", "strategy", "type")).as("no leader election").isEqualTo("Recreate");
            assertThat((String) container.get("image")).isEqualTo("plumbline/plumbline:0.1.0");
            assertThat(ChartRender.<Map<String, Object>>get(container, "securityContext"))
                    .containsEntry("runAsNonRoot", true).containsEntry("runAsUser", 10001)
                    .containsEntry("readOnlyRootFilesystem", true).containsEntry("allowPrivilegeEscalation", false)
                    .containsEntry("capabilities", Map.of("drop", List.of("ALL")))
                    .containsEntry("seccompProfile", Map.of("type", "RuntimeDefault"));
            assertThat(ChartRender.<Map<String, Object>>get(pod, "securityContext"))
                    .containsEntry("runAsNonRoot", true).containsEntry("fsGroup", 10001);
            assertThat(ChartRender.<Map<String, Object>>get(container, "resources")).containsKeys("requests", "limits");
            assertThat((String) get(pod, "serviceAccountName")).isEqualTo("plumbline");
        }

        @Test
        void probesTheHealthEndpointsOnTheHttpPort() {
            Map<String, Object> container = get(rendered.one("Deployment"), "spec", "template", "spec", "containers", 0);

            assertThat((String) get(container, "livenessProbe", "httpGet", "path")).isEqualTo("/health/liveness");
            assertThat((String) get(container, "readinessProbe", "httpGet", "path")).isEqualTo("/health/readiness");
            assertThat((String) get(container, "startupProbe", "httpGet", "path")).isEqualTo("/health/liveness");
            assertThat((String) get(container, "livenessProbe", "httpGet", "port")).isEqualTo("http");
            assertThat(ChartRender.<List<Object>>get(container, "ports"))
                    .containsExactly(Map.of("name", "http", "containerPort", 8080, "protocol", "TCP"));
        }

        @Test
        void writesOnlyToEmptyDirsAndReadsItsConfigFromTheConfigMap() {
            Map<String, Object> pod = get(rendered.one("Deployment"), "spec", "template", "spec");

            assertThat(mounts(pod)).containsEntry("tmp", "/tmp").containsEntry("cache", "/var/cache/plumbline")
                    .containsEntry("config", "/etc/plumbline/config").doesNotContainKeys("git", "api", "webhook");
            assertThat(ChartRender.<List<Map<String, Object>>>get(pod, "volumes"))
                    .filteredOn(v -> v.containsKey("emptyDir")).extracting(v -> v.get("name")).containsExactly("tmp", "cache");
            assertThat(env(pod)).containsEntry("MICRONAUT_CONFIG_FILES", "/etc/plumbline/config/application.yml")
                    .containsEntry("PLUMBLINE_LEADER_ELECTION_ENABLED", "false")
                    .containsEntry("JDK_JAVA_OPTIONS", "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError");
            assertThat((String) get(rendered.one("Deployment"), "spec", "template", "metadata", "annotations", "checksum/config"))
                    .matches("[0-9a-f]{64}");
        }

        @Test
        void configuresTheAgentWithTheReleaseNamespaceAsStateNamespace() {
            Map<String, Object> config = applicationYml(rendered);

            assertThat((String) get(config, "plumbline", "state-namespace")).isEqualTo(NAMESPACE);
            assertThat(ChartRender.<Map<String, Object>>get(config, "plumbline", "repo"))
                    .containsEntry("branch", "main").containsEntry("poll-interval", "60s")
                    .containsEntry("cache-dir", "/var/cache/plumbline")
                    .doesNotContainKeys("url", "token-file", "ssh-key-file");
            assertThat(ChartRender.<List<Object>>get(config, "plumbline", "environments")).isEmpty();
            assertThat(ChartRender.<Map<String, Object>>get(config, "plumbline", "leader-election"))
                    .containsEntry("enabled", false).containsEntry("lease-name", "plumbline")
                    .containsEntry("lease-namespace", NAMESPACE);
            assertThat(ChartRender.<Map<String, Object>>get(config, "plumbline")).doesNotContainKeys("api", "webhook", "namespaces");
        }

        @Test
        void grantsEverythingClusterWideAndItsOwnNeedsInItsNamespace() {
            assertThat(ChartRender.<List<Object>>get(rendered.one("ClusterRole"), "rules"))
                    .containsExactly(Map.of("apiGroups", List.of("*"), "resources", List.of("*"), "verbs", List.of("*")));
            assertThat((String) get(rendered.one("ClusterRoleBinding"), "subjects", 0, "namespace")).isEqualTo(NAMESPACE);
            Map<String, Object> self = rendered.one("Role");
            assertThat(name(self)).isEqualTo("plumbline-self");
            assertThat(ChartRender.<List<Map<String, Object>>>get(self, "rules")).extracting(r -> r.get("resources"))
                    .contains(List.of("leases"), List.of("events"), List.of("configmaps"));
        }

        @Test
        void exposesHttpWithAnExplicitProtocol() {
            Map<String, Object> service = rendered.one("Service");

            assertThat((String) get(service, "spec", "type")).isEqualTo("ClusterIP");
            assertThat(ChartRender.<List<Object>>get(service, "spec", "ports"))
                    .containsExactly(Map.of("name", "http", "port", 8080, "targetPort", "http", "protocol", "TCP"));
        }
    }

    @Nested
    class NonDefaultValues {

        private final Rendered rendered = render(NAMESPACE, customValues(List.of("team-a", "team-b"), "plumbline-state"));

        @Test
        void replacesTheClusterRoleWithARolePerNamespace() {
            assertThat(rendered.kinds()).doesNotContain("ClusterRole", "ClusterRoleBinding");
            assertThat(rendered.ofKind("Role")).extracting(o -> get(o, "metadata", "namespace") + "/" + name(o))
                    .containsExactlyInAnyOrder("team-a/plumbline", "team-b/plumbline",
                            NAMESPACE + "/plumbline-self", "plumbline-state/plumbline-state");
            assertThat(rendered.ofKind("RoleBinding")).hasSize(4).allSatisfy(b -> {
                assertThat((String) get(b, "roleRef", "name")).isEqualTo(name(b));
                assertThat((String) get(b, "subjects", 0, "namespace")).isEqualTo(NAMESPACE);
            });
        }

        @Test
        void turnsOnLeaderElectionWithSeveralReplicas() {
            Map<String, Object> deployment = rendered.one("Deployment");

            assertThat((Integer) get(deployment, "spec", "replicas")).isEqualTo(3);
            assertThat((String) get(deployment, "spec", "strategy", "type")).isEqualTo("RollingUpdate");
            assertThat(env(get(deployment, "spec", "template", "spec")))
                    .containsEntry("PLUMBLINE_LEADER_ELECTION_ENABLED", "true")
                    .containsEntry("JAVA_TOOL_OPTIONS", "-XX:+UseSerialGC");
            assertThat((Boolean) get(applicationYml(rendered), "plumbline", "leader-election", "enabled")).isTrue();
        }

        @Test
        void mountsTheExistingSecretsWhereTheConfigurationPoints() {
            Map<String, Object> pod = get(rendered.one("Deployment"), "spec", "template", "spec");
            Map<String, Object> config = get(applicationYml(rendered), "plumbline");

            assertThat(mounts(pod)).containsEntry("git", "/etc/plumbline/git").containsEntry("api", "/etc/plumbline/api")
                    .containsEntry("webhook", "/etc/plumbline/webhook");
            assertThat(ChartRender.<List<Map<String, Object>>>get(pod, "volumes")).extracting(v -> get(v, "secret", "secretName"))
                    .contains("plumbline-git", "plumbline-api", "plumbline-webhook");
            assertThat((String) get(config, "repo", "token-file")).isEqualTo("/etc/plumbline/git/token");
            assertThat((String) get(config, "api", "token-file")).isEqualTo("/etc/plumbline/api/token");
            assertThat((String) get(config, "webhook", "secret-file")).isEqualTo("/etc/plumbline/webhook/secret");
        }

        @Test
        void configuresRepositoryEnvironmentsStateAndExtraConfig() {
            Map<String, Object> config = applicationYml(rendered);

            assertThat(ChartRender.<Map<String, Object>>get(config, "plumbline", "repo"))
                    .containsEntry("url", "https://git.example.com/acme/deploy.git")
                    .containsEntry("branch", "release").containsEntry("poll-interval", "5m");
            assertThat(ChartRender.<List<Object>>get(config, "plumbline", "environments")).containsExactly("production", "staging");
            assertThat(ChartRender.<List<Object>>get(config, "plumbline", "namespaces")).containsExactly("team-a", "team-b");
            assertThat((String) get(config, "plumbline", "state-namespace")).isEqualTo("plumbline-state");
            assertThat((String) get(config, "logger", "levels", "dev.plumbline")).isEqualTo("DEBUG");
        }

        @Test
        void scrapesPrometheusThroughAServiceMonitor() {
            Map<String, Object> monitor = rendered.one("ServiceMonitor");

            assertThat((String) monitor.get("apiVersion")).isEqualTo("monitoring.coreos.com/v1");
            assertThat((String) get(monitor, "metadata", "labels", "release")).isEqualTo("prometheus");
            assertThat((String) get(monitor, "spec", "endpoints", 0, "path")).isEqualTo("/prometheus");
            assertThat((String) get(monitor, "spec", "endpoints", 0, "port")).isEqualTo("http");
            assertThat(ChartRender.<Map<String, Object>>get(monitor, "spec", "selector", "matchLabels"))
                    .isEqualTo(get(rendered.one("Service"), "spec", "selector"));
        }

        @Test
        void appliesImagePodAnnotationsAndScheduling() {
            Map<String, Object> template = get(rendered.one("Deployment"), "spec", "template");

            assertThat((String) get(template, "spec", "containers", 0, "image")).isEqualTo("registry.example.com/plumbline:0.1.0-rc1");
            assertThat((String) get(template, "spec", "containers", 0, "imagePullPolicy")).isEqualTo("Always");
            assertThat((String) get(template, "metadata", "annotations", "example.com/team")).isEqualTo("platform");
            assertThat((String) get(template, "spec", "nodeSelector", "kubernetes.io/os")).isEqualTo("linux");
            assertThat(ChartRender.<List<Object>>get(template, "spec", "tolerations")).hasSize(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"basic", "ssh"})
    void pointsTheAgentAtTheGitCredentialsOfTheChosenKind(String auth) {
        Map<String, Object> repo = get(applicationYml(render(NAMESPACE,
                Map.of("git", Map.of("existingSecret", "creds", "auth", auth)))), "plumbline", "repo");

        if (auth.equals("basic")) {
            assertThat(repo).containsEntry("username-file", "/etc/plumbline/git/username")
                    .containsEntry("password-file", "/etc/plumbline/git/password").doesNotContainKey("token-file");
        } else {
            assertThat(repo).containsEntry("ssh-key-file", "/etc/plumbline/git/ssh-privatekey")
                    .containsEntry("known-hosts-file", "/etc/plumbline/git/known_hosts").doesNotContainKey("token-file");
        }
    }

    @Test
    void mountsTheChartCredentialsSecretAndPointsTheRendererAtItsFile() {
        Map<String, Object> pod = get(render(NAMESPACE, Map.of("chartCredentials",
                Map.of("existingSecret", "chart-creds", "file", "repos.yaml"))).one("Deployment"), "spec", "template", "spec");
        Map<String, Object> without = get(render(NAMESPACE, Map.of()).one("Deployment"), "spec", "template", "spec");

        assertThat(mounts(pod)).containsEntry("chart-credentials", "/etc/plumbline/charts");
        assertThat(env(pod)).containsEntry("PLUMBLINE_RENDER_CHART_CREDENTIALS", "/etc/plumbline/charts/repos.yaml");
        assertThat(ChartRender.<List<Map<String, Object>>>get(pod, "volumes")).extracting(v -> get(v, "secret", "secretName"))
                .contains("chart-creds");
        assertThat(mounts(without)).doesNotContainKey("chart-credentials");
        assertThat(env(without)).doesNotContainKey("PLUMBLINE_RENDER_CHART_CREDENTIALS");
    }

    @Test
    void leaderElectionCanBeForcedOnForOneReplica() {
        Rendered rendered = render(NAMESPACE, Map.of("leaderElection", Map.of("enabled", true)));

        assertThat((String) get(rendered.one("Deployment"), "spec", "strategy", "type")).isEqualTo("RollingUpdate");
        assertThat(env(get(rendered.one("Deployment"), "spec", "template", "spec")))
                .containsEntry("PLUMBLINE_LEADER_ELECTION_ENABLED", "true");
    }

    @Test
    void shardedModeReachesTheAgentWithRollingUpdatesAndLeaseRights() {
        Rendered rendered = render(NAMESPACE, Map.of("replicaCount", 3, "ha", Map.of("mode", "sharded")));

        assertThat((String) get(applicationYml(rendered), "plumbline", "ha", "mode")).isEqualTo("sharded");
        assertThat((String) get(rendered.one("Deployment"), "spec", "strategy", "type")).isEqualTo("RollingUpdate");
        // membership and environment Leases: listed each round, long-gone members deleted
        assertThat(rendered.ofKind("Role").stream().flatMap(r -> ChartRender.<List<Map<String, Object>>>get(r, "rules").stream())
                .filter(rule -> List.of("leases").equals(rule.get("resources"))).findFirst().orElseThrow().get("verbs"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .contains("get", "list", "create", "update", "delete");
        assertThat((String) get(applicationYml(render(NAMESPACE, Map.of())), "plumbline", "ha", "mode")).isEqualTo("leader");
    }

    @Test
    void refusesAnUnknownHaMode() {
        assertThatThrownBy(() -> render(NAMESPACE, Map.of("ha", Map.of("mode", "active-active"))))
                .hasMessageContaining("ha.mode must be leader or sharded, not active-active");
    }

    @Test
    void refusesAnUnknownGitAuthKind() {
        assertThatThrownBy(() -> render(NAMESPACE, Map.of("git", Map.of("existingSecret", "creds", "auth", "oauth"))))
                .hasMessageContaining("git.auth must be token, basic or ssh");
    }

    @Test
    void rollsThePodsWhenTheConfigurationChanges() {
        String before = checksum(render(NAMESPACE, Map.of()));

        assertThat(checksum(render(NAMESPACE, Map.of("repo", Map.of("branch", "main")))))
                .as("same configuration").isEqualTo(before);
        assertThat(checksum(render(NAMESPACE, Map.of("repo", Map.of("branch", "next"))))).isNotEqualTo(before);
    }

    @Test
    void grantsCustomClusterRulesNextToNamespacedRoles() {
        Rendered rendered = render(NAMESPACE, Map.of("rbac", Map.of("namespaces", List.of("team-a"),
                "clusterRules", List.of(Map.of("apiGroups", List.of(""), "resources", List.of("namespaces"),
                        "verbs", List.of("get", "list", "watch"))))));

        assertThat(ChartRender.<List<Map<String, Object>>>get(rendered.one("ClusterRole"), "rules"))
                .extracting(r -> r.get("resources")).containsExactly(List.of("namespaces"));
        assertThat(rendered.ofKind("Role")).extracting(ChartRender::name).containsExactlyInAnyOrder("plumbline", "plumbline-self");
    }

    @Test
    void rendersNoRbacWhenAskedNot() {
        assertThat(render(NAMESPACE, Map.of("rbac", Map.of("create", false))).kinds())
                .doesNotContain("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");
    }

    private static Map<String, Object> applicationYml(Rendered rendered) {
        String text = get(rendered.one("ConfigMap"), "data", "application.yml");
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    }

    private static String checksum(Rendered rendered) {
        return get(rendered.one("Deployment"), "spec", "template", "metadata", "annotations", "checksum/config");
    }

    private static Map<String, String> mounts(Map<String, Object> pod) {
        Map<String, String> mounts = new HashMap<>();
        for (Map<String, Object> m : ChartRender.<List<Map<String, Object>>>get(pod, "containers", 0, "volumeMounts")) {
            mounts.put((String) m.get("name"), (String) m.get("mountPath"));
        }
        return mounts;
    }

    private static Map<String, String> env(Map<String, Object> pod) {
        Map<String, String> env = new HashMap<>();
        for (Map<String, Object> e : ChartRender.<List<Map<String, Object>>>get(pod, "containers", 0, "env")) {
            env.put((String) e.get("name"), (String) e.get("value"));
        }
        return env;
    }
}
