package dev.plumbline.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import dev.plumbline.controlplane.ControlPlaneOptions;
import dev.plumbline.resource.ResourceKey;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import dev.plumbline.testing.Workloads;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KubernetesExtension.class)
class LiveCacheIT {

    private static final Duration CONVERGE = Duration.ofSeconds(10);
    private static final ApiResource CONFIG_MAPS = new ApiResource("", "v1", "ConfigMap", "configmaps", true);

    private TestCluster cluster; // injected
    private ClusterConnection connection;
    private LiveCache cache;
    private final List<LiveEvent> events = new CopyOnWriteArrayList<>();
    private String env;

    @BeforeEach
    void start() {
        // Namespaces of earlier tests never finish terminating (no namespace controller), so their objects stay:
        // a per-test environment name keeps cluster-wide watches to this test's objects.
        env = cluster.namespace();
        connection = ClusterConnection.connect(cluster.kubeconfigPath());
        cache = new LiveCache(connection, env);
        cache.onChange(events::add);
    }

    @AfterEach
    void stop() {
        cache.close();
        connection.close();
    }

    @Test
    void followsCreateEditAndDeleteOfTheEnvironmentsObjects() {
        cache.ensureWatching(List.of(CONFIG_MAPS), Scope.cluster());
        ResourceKey key = ResourceKey.of("", "ConfigMap", cluster.namespace(), "settings");

        // created: appears in the cache, ADDED
        ConfigMap created = cluster.client().resource(configMap("settings", env, "a")).create();
        await().atMost(CONVERGE).until(() -> cache.get(key).isPresent());
        assertThat(events).contains(new LiveEvent(LiveEvent.Type.ADDED, key, rv(created)));

        // edited: the cache holds the new version, MODIFIED with the new resourceVersion
        ConfigMap edited = cluster.client().resource(configMap("settings", env, "b")).update();
        await().atMost(CONVERGE).until(() -> events.contains(new LiveEvent(LiveEvent.Type.MODIFIED, key, rv(edited))));
        assertThat(cache.get(key)).hasValueSatisfying(o -> assertThat(rv(o)).isEqualTo(rv(edited)));

        // deleted: gone from the cache, DELETED
        cluster.client().resource(edited).delete();
        await().atMost(CONVERGE).until(() -> cache.get(key).isEmpty());
        assertThat(events).extracting(LiveEvent::type).containsExactly(
                LiveEvent.Type.ADDED, LiveEvent.Type.MODIFIED, LiveEvent.Type.DELETED);
    }

    @Test
    void ignoresObjectsOfOtherEnvironmentsAndUnlabelledOnes() {
        cache.ensureWatching(List.of(CONFIG_MAPS), Scope.cluster());
        cluster.client().resource(configMap("staging-settings", "staging", "a")).create();
        cluster.client().resource(configMap("unlabelled", null, "a")).create();
        cluster.client().resource(configMap("settings", env, "a")).create();

        // one watch stream delivers in order: once the last object is in, the others would have been too
        await().atMost(CONVERGE).until(() -> cache.get(key("settings")).isPresent());
        assertThat(cache.get(key("staging-settings"))).isEmpty();
        assertThat(cache.get(key("unlabelled"))).isEmpty();
        assertThat(cache.all()).extracting(o -> o.getMetadata().getName()).containsExactly("settings");
    }

    @Test
    void readsMakeNoReconcileCalls() {
        ApiResource deployments = new Discovery(connection).resolve("apps/v1", "Deployment");
        cache.ensureWatching(List.of(CONFIG_MAPS, deployments), Scope.cluster());
        Deployment api = Workloads.deployment("api", 1, "nginx:1.25");
        api.getMetadata().setLabels(Map.of(LiveCache.ENVIRONMENT_LABEL, env));
        cluster.client().resource(api).inNamespace(cluster.namespace()).create();
        cluster.client().resource(configMap("settings", env, "a")).create();
        ResourceKey apiKey = ResourceKey.of("apps", "Deployment", cluster.namespace(), "api");
        await().atMost(CONVERGE).until(() -> cache.get(apiKey).isPresent() && cache.get(key("settings")).isPresent());
        Map<String, Long> before = connection.reconcileCalls().snapshot();

        for (int i = 0; i < 100; i++) {
            cache.get(apiKey);
            cache.get(key("settings"));
            cache.get(key("absent"));
            cache.all();
        }

        assertThat(connection.reconcileCalls().since(before)).isEmpty();
        assertThat(connection.reconcileCalls().total()).isZero();
        assertThat(cache.all()).extracting(this::kind).containsExactly("ConfigMap", "Deployment"); // key order
    }

    @Test
    void holdsCompactObjectsEqualToWhatTheApiServerReturns() throws Exception {
        ApiResource deployments = new Discovery(connection).resolve("apps/v1", "Deployment");
        cache.ensureWatching(List.of(deployments), Scope.cluster());
        Deployment api = Workloads.deployment("api", 1, "nginx:1.25");
        api.getMetadata().setLabels(Map.of(LiveCache.ENVIRONMENT_LABEL, env));
        cluster.client().resource(api).inNamespace(cluster.namespace()).serverSideApply();
        ResourceKey apiKey = ResourceKey.of("apps", "Deployment", cluster.namespace(), "api");
        await().atMost(CONVERGE).until(() -> cache.get(apiKey).isPresent());

        // the same resourceVersion, once from the cache and once by GET: the same content, managedFields included (0046);
        // a controller may write in between, so compare a pair that agrees on the resourceVersion
        AtomicReference<GenericKubernetesResource[]> pair = new AtomicReference<>();
        await().atMost(CONVERGE).until(() -> {
            GenericKubernetesResource f = cache.fetch(apiKey, deployments).orElseThrow();
            GenericKubernetesResource c = cache.get(apiKey).orElseThrow();
            pair.set(new GenericKubernetesResource[] {c, f});
            return rv(c).equals(rv(f));
        });
        GenericKubernetesResource cached = pair.get()[0];
        GenericKubernetesResource fetched = pair.get()[1];
        // the same JSON, keys sorted: a watch and a GET decode the same object with their own key order and number
        // types (the watch's terminationGracePeriodSeconds is a Long, the GET's an Integer; seen with this test)
        assertThat(canonical(cached)).isEqualTo(canonical(fetched));
        assertThat(cached.getMetadata().getManagedFields()).isNotEmpty()
                .allSatisfy(e -> assertThat(e.getFieldsV1().getAdditionalProperties()).isInstanceOf(CompactTree.class));
        assertThat(cached.getAdditionalProperties()).isInstanceOf(CompactTree.class);
    }

    @Test
    void watchesOnlyTheScopesNamespaces() {
        cache.ensureWatching(List.of(CONFIG_MAPS), Scope.namespaces(List.of(cluster.namespace())));
        cluster.client().resource(configMap("settings", env, "a")).create();
        ConfigMap elsewhere = configMap("settings", env, "a");
        elsewhere.getMetadata().setNamespace(cluster.stateNamespace());
        cluster.client().resource(elsewhere).create();
        ResourceKey outside = ResourceKey.of("", "ConfigMap", cluster.stateNamespace(), "settings");

        await().atMost(CONVERGE).until(() -> cache.get(key("settings")).isPresent());

        assertThat(cache.covers(outside)).isFalse();
        assertThatThrownBy(() -> cache.get(outside))
                .isInstanceOf(LiveException.class)
                .hasMessageStartingWith("ConfigMap/" + cluster.stateNamespace() + "/settings cache lookup failed:");
        assertThat(cache.fetch(outside, CONFIG_MAPS)).isPresent();
        cache.ensureWatching(List.of(CONFIG_MAPS), Scope.namespaces(List.of(cluster.stateNamespace())));
        assertThat(cache.get(outside)).isPresent(); // synced before ensureWatching returned
    }

    @Test
    void fetchFindsAnObjectWhoseLabelWasRemoved() {
        cache.ensureWatching(List.of(CONFIG_MAPS), Scope.cluster());
        cluster.client().resource(configMap("settings", env, "a")).create();
        await().atMost(CONVERGE).until(() -> cache.get(key("settings")).isPresent());

        ConfigMap unlabelled = cluster.client().resource(configMap("settings", null, "a")).update();
        await().atMost(CONVERGE).until(() -> cache.get(key("settings")).isEmpty());
        Map<String, Long> before = connection.reconcileCalls().snapshot();

        assertThat(cache.fetch(key("settings"), CONFIG_MAPS))
                .hasValueSatisfying(o -> assertThat(rv(o)).isEqualTo(rv(unlabelled)));
        assertThat(cache.fetch(key("absent"), CONFIG_MAPS)).isEmpty();
        assertThat(connection.reconcileCalls().since(before)).isEqualTo(Map.of(ApiVerb.GET, 2L));
        assertThat(events).extracting(LiveEvent::type).endsWith(LiveEvent.Type.DELETED);
    }

    @Test
    void ensureWatchingIsIdempotentAndStopWatchingForgetsTheKind() {
        cache.ensureWatching(List.of(CONFIG_MAPS), Scope.cluster());
        long lists = connection.watchCalls().count(ApiVerb.LIST);

        cache.ensureWatching(List.of(CONFIG_MAPS), Scope.cluster());
        assertThat(connection.watchCalls().count(ApiVerb.LIST)).isEqualTo(lists);
        assertThat(cache.watching()).containsExactly(CONFIG_MAPS);

        cache.stopWatching(CONFIG_MAPS);
        assertThat(cache.watching()).isEmpty();
        assertThat(cache.covers(key("settings"))).isFalse();
        assertThatThrownBy(() -> cache.get(key("settings"))).isInstanceOf(LiveException.class)
                .hasMessageContaining("kind is not watched");
    }

    @Test
    void fallsBackToTheScopesNamespacesWhenClusterWideWatchingIsForbidden() {
        grantConfigMapReaders(ControlPlaneOptions.LIMITED_USER);
        cluster.client().resource(configMap("settings", env, "a")).create();
        Config limited = Config.fromKubeconfig(ControlPlaneOptions.LIMITED_USER, cluster.kubeconfigPath().toFile());
        try (ClusterConnection restricted = ClusterConnection.connect(limited);
             LiveCache narrow = new LiveCache(restricted, env)) {

            assertThatThrownBy(() -> narrow.ensureWatching(List.of(CONFIG_MAPS), Scope.cluster()))
                    .isInstanceOf(LiveException.class)
                    .hasMessageStartingWith("LiveCache " + env + " watch of configmaps cluster-wide list failed:")
                    .hasMessageContaining("forbidden");

            narrow.ensureWatching(List.of(CONFIG_MAPS), Scope.cluster(List.of(cluster.namespace())));
            assertThat(narrow.get(key("settings"))).isPresent();
            assertThat(narrow.covers(ResourceKey.of("", "ConfigMap", cluster.stateNamespace(), "x"))).isFalse();
        }
    }

    @Test
    void aRefusedGetCarriesTheStatusCodeAndTheServersMessageNotFabric8sOperationText() {
        Config limited = Config.fromKubeconfig(ControlPlaneOptions.LIMITED_USER, cluster.kubeconfigPath().toFile());
        try (ClusterConnection restricted = ClusterConnection.connect(limited);
             LiveCache narrow = new LiveCache(restricted, env)) {

            assertThatThrownBy(() -> narrow.fetch(key("settings"), CONFIG_MAPS))
                    .isInstanceOf(LiveException.class)
                    .hasMessage("ConfigMap/" + cluster.namespace() + "/settings get failed: HTTP 403: configmaps "
                            + "\"settings\" is forbidden: User \"" + ControlPlaneOptions.LIMITED_USER + "\" cannot get "
                            + "resource \"configmaps\" in API group \"\" in the namespace \"" + cluster.namespace() + "\"");
        }
    }

    @Test
    void aGetWithoutAnyAnswerSaysWhyInsteadOfNullOrOperationFailed() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Config nowhere = new io.fabric8.kubernetes.client.ConfigBuilder(Config.fromKubeconfig(cluster.kubeconfigPath().toFile()))
                .withMasterUrl("https://127.0.0.1:" + closedPort).withRequestRetryBackoffLimit(0).build();
        try (ClusterConnection gone = ClusterConnection.connect(nowhere); LiveCache lost = new LiveCache(gone, env)) {
            assertThatThrownBy(() -> lost.fetch(key("settings"), CONFIG_MAPS))
                    .isInstanceOf(LiveException.class)
                    .hasMessageStartingWith("ConfigMap/" + cluster.namespace() + "/settings get failed: no answer from the "
                            + "API server: ")
                    .hasMessageContaining("ConnectException")
                    .hasMessageNotContaining("Operation: [get]").hasMessageNotContaining("null");

            Reachability.Result down = Reachability.of(gone).check().get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(down.reachable()).isFalse();
            assertThat(down.message()).startsWith("API server https://127.0.0.1:" + closedPort)
                    .contains(" GET /version failed: ConnectException");
        }
        assertThat(Reachability.of(connection).check().get(10, java.util.concurrent.TimeUnit.SECONDS).reachable()).isTrue();
    }

    private void grantConfigMapReaders(String user) {
        cluster.client().resource(new RoleBuilder().withNewMetadata().withName("configmap-reader")
                .withNamespace(cluster.namespace()).endMetadata()
                .addNewRule().withApiGroups("").withResources("configmaps").withVerbs("get", "list", "watch").endRule()
                .build()).create();
        cluster.client().resource(new RoleBindingBuilder().withNewMetadata().withName("configmap-reader")
                .withNamespace(cluster.namespace()).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", "configmap-reader")
                .addNewSubject().withKind("User").withApiGroup("rbac.authorization.k8s.io").withName(user).endSubject()
                .build()).create();
    }

    /**
     * The object as JSON with keys sorted and null-valued entries left out: Kubernetes 1.20 writes a pod template's
     * {@code creationTimestamp: null} into a GET's answer while the watch's copy carries no such key (1.37 writes it
     * in neither); for the API a null field and an absent one are the same.
     */
    private static String canonical(GenericKubernetesResource o) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                .writeValueAsString(withoutNulls(dev.plumbline.kube.Normalizer.toMap(o)));
    }

    private static Object withoutNulls(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> kept = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (v != null) {
                    kept.put(k, withoutNulls(v));
                }
            });
            return kept;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(LiveCacheIT::withoutNulls).toList();
        }
        return value;
    }

    private ResourceKey key(String name) {
        return ResourceKey.of("", "ConfigMap", cluster.namespace(), name);
    }

    private ConfigMap configMap(String name, String environment, String value) {
        ConfigMapBuilder builder = new ConfigMapBuilder().withNewMetadata().withName(name)
                .withNamespace(cluster.namespace()).endMetadata().addToData("value", value);
        if (environment != null) {
            builder.editMetadata().addToLabels(LiveCache.ENVIRONMENT_LABEL, environment).endMetadata();
        }
        return builder.build();
    }

    private String kind(GenericKubernetesResource o) {
        return o.getKind();
    }

    private static String rv(HasMetadata o) {
        return o.getMetadata().getResourceVersion();
    }
}
