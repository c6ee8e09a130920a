package dev.plumbline.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.plumbline.testing.KubernetesExtension;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Starting, failing, stopping and cleaning up the local control plane itself. Each test owns its run folders. */
@ExtendWith(KubernetesExtension.class)
class LocalControlPlaneIT {

    @TempDir
    Path runs;

    private ControlPlaneOptions options() {
        return ControlPlaneOptions.defaults().withRunsDir(runs);
    }

    @Test
    void missingBinaryNamesThePathAndTheRemedy(@TempDir Path empty) {
        assertThatThrownBy(() -> LocalControlPlane.started(options().withAssetsDir(empty)))
                .isInstanceOf(ControlPlaneException.class)
                .hasMessageStartingWith("kube-apiserver lookup failed: no executable " + empty.resolve("kube-apiserver"))
                .hasMessageContaining("scripts/provision-envtest.sh")
                .hasMessageContaining("KUBEBUILDER_ASSETS");
    }

    @Test
    void crashedEtcdIsReportedWithItsLogTail() {
        long begin = System.nanoTime();

        assertThatThrownBy(() -> LocalControlPlane.started(options().withExtraEtcdArgs("--no-such-flag")))
                .isInstanceOf(ControlPlaneException.class)
                .hasMessageStartingWith("etcd start failed: exited with code")
                .hasMessageContaining("last log lines:")
                .hasMessageContaining("no-such-flag");
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void slowStartTimesOutWithLogTailInsteadOfHanging() {
        long begin = System.nanoTime();

        assertThatThrownBy(() -> LocalControlPlane.started(options().withStartTimeout(Duration.ofMillis(1500))))
                .isInstanceOf(ControlPlaneException.class)
                .hasMessageMatching("(?s)(etcd|kube-apiserver) start failed: not ready within 1\\.5 s .*")
                .hasMessageContaining("last log lines:");
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(20));
        assertNoProcessesLeftIn(runs);
    }

    @Test
    void portTakenBeforeBindIsRetriedWithNewPorts() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            AtomicInteger calls = new AtomicInteger();
            // the first attempt gets the taken port for etcd, the retry gets free ones
            ControlPlaneOptions clashing = options().withPorts(() -> calls.getAndIncrement() == 0
                    ? taken.getLocalPort() : LoopbackPorts.free());

            try (LocalControlPlane plane = LocalControlPlane.started(clashing)) {
                assertThat(plane.isRunning()).isTrue();
                assertThat(calls.get()).isGreaterThan(3);
            }
        }
    }

    @Test
    void portTakenTwiceIsReportedByNumber() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> LocalControlPlane.started(options().withPorts(() -> port)))
                    .isInstanceOf(ControlPlaneException.class)
                    .hasMessageStartingWith("etcd start failed: port 127.0.0.1:" + port
                            + " already in use (after a retry with new ports)");
        }
    }

    @Test
    void restartKeepsDataAndAddress() {
        try (LocalControlPlane plane = LocalControlPlane.started(options())) {
            String url = plane.url();
            try (KubernetesClient client = plane.newClient()) {
                client.resource(new ConfigMapBuilder().withNewMetadata().withName("survivor").withNamespace("default")
                        .endMetadata().addToData("k", "v").build()).create();
            }

            plane.stop();
            assertThat(plane.isRunning()).isFalse();
            assertThat(plane.processes()).isEmpty();
            plane.start();

            assertThat(plane.url()).isEqualTo(url);
            try (KubernetesClient client = plane.newClient()) {
                assertThat(client.configMaps().inNamespace("default").withName("survivor").get().getData())
                        .containsEntry("k", "v");
            }
        }
        assertThat(runs).isEmptyDirectory();
    }

    @Test
    void leftoversOfADeadJvmAreStoppedAtTheNextStart() throws Exception {
        Process leftover = new ProcessBuilder("sleep", "300").start();
        Process deadOwner = new ProcessBuilder("true").start();
        deadOwner.waitFor();
        Path orphan = Files.createDirectories(runs.resolve("20200101-000000-1-dead"));
        ProcessRecord.of(deadOwner.toHandle()).write(orphan.resolve(RunRegistry.OWNER_FILE));
        ProcessRecord.of(leftover.toHandle()).write(orphan.resolve("etcd.pid"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !deadOwner.toHandle().isAlive());

        try (LocalControlPlane plane = LocalControlPlane.started(options())) {
            await().atMost(Duration.ofSeconds(15)).until(() -> !leftover.isAlive());
            assertThat(orphan).doesNotExist();
            assertThat(plane.isRunning()).isTrue();
        } finally {
            leftover.destroyForcibly();
        }
    }

    @Test
    void aSecondControlPlaneRunsBesideTheShared(KubernetesClient shared) {
        try (LocalControlPlane second = LocalControlPlane.started(options());
             KubernetesClient client = second.newClient()) {
            client.resource(new NamespaceBuilder().withNewMetadata().withName("only-in-second").endMetadata()
                    .build()).create();

            assertThat(client.namespaces().withName("only-in-second").get()).isNotNull();
            assertThat(shared.namespaces().withName("only-in-second").get()).isNull();
            assertThat(second.url()).isNotEqualTo(shared.getMasterUrl().toString());
        }
    }

    /** Both servers name the run folder on their command line (data dir, cert dir). */
    private static void assertNoProcessesLeftIn(Path runsDir) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(runsDir.toString())).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")))
                .isEmpty());
    }
}
