package dev.plumbline.live;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link KubeconfigFile} must read a kubeconfig exactly as Fabric8's {@code Config.fromKubeconfig} does: the same
 * model (what {@code KubeConfigUtils.parseConfig} returns) for the files it reads itself, and Fabric8's own reader for
 * everything else.
 */
class KubeconfigFileTest {

    private static final String CA = Base64.getEncoder().encodeToString("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".getBytes());

    @TempDir
    Path dir;

    @Test
    void theUsualFilesAreReadIntoTheModelFabric8ReadsAndTheSameClientConfiguration() throws Exception {
        List<String> files = List.of(
                // what envtest, kind and the training run write: CA data and a token
                "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:6443\n"
                        + "    certificate-authority-data: " + CA + "\nusers:\n- name: u\n  user:\n    token: t0k3n\n"
                        + "contexts:\n- name: x\n  context:\n    cluster: c\n    user: u\ncurrent-context: x\npreferences: {}\n",
                // files relative to the kubeconfig, a namespace, several contexts, skip-verify, no apiVersion
                "clusters:\n- name: a\n  cluster:\n    server: https://a.example:443\n    certificate-authority: ca.crt\n"
                        + "- name: b\n  cluster:\n    server: https://b.example\n    insecure-skip-tls-verify: true\n"
                        + "    tls-server-name: api.b.example\n"
                        + "users:\n- name: cert\n  user:\n    client-certificate: certs/client.crt\n    client-key: certs/client.key\n"
                        + "- name: basic\n  user:\n    username: admin\n    password: secret\n"
                        + "- name: file\n  user:\n    tokenFile: token.txt\n"
                        + "contexts:\n- name: one\n  context:\n    cluster: a\n    user: cert\n    namespace: team-a\n"
                        + "- name: two\n  context:\n    cluster: b\n    user: basic\ncurrent-context: one\n",
                "clusters:\n- name: b\n  cluster:\n    server: https://b.example\n    insecure-skip-tls-verify: false\n"
                        + "users:\n- name: basic\n  user:\n    username: admin\n    password: secret\n"
                        + "contexts:\n- name: two\n  context:\n    cluster: b\n    user: basic\ncurrent-context: two\n",
                "clusters:\n- name: c\n  cluster:\n    server: https://c.example\nusers:\n- name: d\n  user:\n"
                        + "    client-certificate-data: " + CA + "\n    client-key-data: " + CA + "\n"
                        + "contexts:\n- name: c\n  context:\n    cluster: c\n    user: d\ncurrent-context: c\n");
        for (String yaml : files) {
            File file = write(yaml);
            assertThat(KubeconfigFile.model(file)).as(yaml).isNotNull().isEqualTo(KubeConfigUtils.parseConfig(file));
            assertSame(KubeconfigFile.load(file), Config.fromKubeconfig(file), yaml);
        }
    }

    @Test
    void anythingElseIsLeftToFabric8sReaderWithItsResultAndErrors() throws Exception {
        String head = "clusters:\n- name: c\n  cluster:\n    server: https://c.example\n";
        String context = "contexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\n";
        List<String> others = List.of(
                head + "users:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                        + "      command: get-token\n      args: [\"--cluster\", \"c\"]\n" + context,
                head + "users:\n- name: u\n  user:\n    auth-provider:\n      name: oidc\n      config:\n        id-token: x\n" + context,
                head + "users:\n- name: u\n  user:\n    token: t\n    as: someone\n" + context,
                head + "    proxy-url: http://proxy:3128\nusers:\n- name: u\n  user:\n    token: t\n" + context,
                head + "    insecure-skip-tls-verify: \"true\"\nusers:\n- name: u\n  user:\n    token: t\n" + context,
                head + "    extensions:\n    - name: e\n      extension:\n        a: b\nusers:\n- name: u\n  user:\n    token: t\n" + context,
                head + "users:\n- name: u\n  user:\n    token: 1234\n" + context,
                head + "users:\n- name: u\n  user:\n    token: t\n    unknown-field: x\n" + context,
                head + "users:\n- name: u\n  user:\n    token: t\n" + context + "preferences:\n  colors: true\n",
                head + "users: null\n" + context);
        for (String yaml : others) {
            File file = write(yaml);
            assertThat(KubeconfigFile.model(file)).as(yaml).isNull();
            assertSame(KubeconfigFile.load(file), Config.fromKubeconfig(file), yaml);
        }
    }

    @Test
    void filesFabric8RejectsAreRejectedWithFabric8sError() throws Exception {
        for (String yaml : List.of("clusters: [\n", "a: 1\na: 2\n", "clusters: []\n---\nclusters: []\n",
                "clusters: []\ncontexts: []\ncurrent-context: missing\n")) {
            File file = write(yaml);
            assertThat(KubeconfigFile.model(file) == null || yaml.contains("missing")).as(yaml).isTrue();
            assertSameOutcome(file);
        }
        assertSameOutcome(dir.resolve("absent").toFile());
    }

    private void assertSameOutcome(File file) throws Exception {
        RuntimeException theirs = null;
        Config expected = null;
        try {
            expected = Config.fromKubeconfig(file);
        } catch (RuntimeException e) {
            theirs = e;
        }
        if (theirs == null) {
            assertSame(KubeconfigFile.load(file), expected, file.toString());
        } else {
            RuntimeException fabric8 = theirs;
            assertThatThrownBy(() -> KubeconfigFile.load(file)).as(file.toString())
                    .isInstanceOf(fabric8.getClass()).hasMessage(fabric8.getMessage());
        }
    }

    private File write(String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "kubeconfig", ".yaml");
        return Files.writeString(file, yaml).toFile();
    }

    /** Every getter of the two client configurations answers the same (Config has no equals of its own). */
    private static void assertSame(Config ours, Config theirs, String what) throws Exception {
        List<String> differences = new ArrayList<>();
        List<Method> getters = Arrays.stream(Config.class.getMethods())
                .filter(m -> m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers()))
                .filter(m -> m.getName().startsWith("get") || m.getName().startsWith("is"))
                .filter(m -> !m.getName().equals("getClass") && !m.getName().equals("getAdditionalProperties"))
                .sorted(Comparator.comparing(Method::getName)).toList();
        for (Method getter : getters) {
            Object a = getter.invoke(ours);
            Object b = getter.invoke(theirs);
            if (!Objects.equals(describe(a), describe(b))) {
                differences.add(getter.getName() + ": " + a + " vs " + b);
            }
        }
        assertThat(differences).as(what).isEmpty();
        assertThat(ours.getAdditionalProperties()).as(what).isEqualTo(theirs.getAdditionalProperties());
    }

    /** Values with an equals of their own compare as such; others (suppliers, providers) by class. */
    private static Object describe(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Enum<?> || value instanceof File || value instanceof Map<?, ?> || value instanceof List<?>
                || value instanceof io.fabric8.kubernetes.api.model.KubernetesResource || value.getClass().isArray()) {
            return value != null && value.getClass().isArray() ? Arrays.deepToString(new Object[] {value}) : value;
        }
        return value.getClass();
    }
}
