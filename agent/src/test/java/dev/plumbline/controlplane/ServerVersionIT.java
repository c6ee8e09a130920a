package dev.plumbline.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import dev.plumbline.testing.KubernetesExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The suite runs on the release it was asked for ({@code -Dplumbline.k8s}, default {@code newest}), read from the
 * running server's {@code /version}: a suite that silently fell back to an older server would prove nothing about
 * the newer one. A recorded fallback (no Go on this machine, so the provisioning script built the oldest) is the only
 * way {@code newest} may mean 1.20.2, and the script says so loudly.
 */
@ExtendWith(KubernetesExtension.class)
class ServerVersionIT {

    @Test
    void theServerIsTheReleaseTheSuiteAskedFor(KubernetesClient client, LocalControlPlane controlPlane) {
        String requested = System.getProperty(ControlPlaneOptions.VERSION_PROPERTY, ControlPlaneOptions.DEFAULT_VERSION);
        VersionInfo served = client.getKubernetesVersion();

        String expected = expectedVersion(requested);
        assertThat(served.getGitVersion())
                .as("/version of the test API server; the suite asked for '%s' (resolved: %s)", requested, expected)
                .isEqualTo("v" + expected);
        assertThat(controlPlane.version().text()).isEqualTo(served.getGitVersion());
        assertThat(controlPlane.version().minor()).isEqualTo(Integer.parseInt(served.getMinor().replaceAll("\\D.*", "")));
    }

    /** {@code newest} is what provisioning recorded; it must be a current release unless a fallback is recorded. */
    private static String expectedVersion(String requested) {
        if (!ControlPlaneOptions.NEWEST.equals(requested)) {
            return ControlPlaneOptions.resolve(requested);
        }
        Optional<NewestRecord> record = NewestRecord.read(ControlPlaneOptions.cacheRoot());
        assertThat(record).as("%s/%s, written by scripts/provision-envtest.sh newest", ControlPlaneOptions.cacheRoot(),
                NewestRecord.FILE).isPresent();
        if (record.get().fallback() != null) {
            assertThat(record.get().version()).isEqualTo(ControlPlaneOptions.OLDEST);
            System.err.println("WARNING: the suite runs on " + record.get().version() + ", not the newest release: "
                    + record.get().fallback());
        } else {
            assertThat(KubeVersion.parse(record.get().version()).atLeast(34))
                    .as("the newest release recorded (%s) is 1.34 or later", record.get().version()).isTrue();
        }
        return record.get().version();
    }
}
