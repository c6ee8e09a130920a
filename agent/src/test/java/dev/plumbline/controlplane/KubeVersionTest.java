package dev.plumbline.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeVersionTest {

    @ParameterizedTest
    @CsvSource({"Kubernetes v1.20.2,1,20,2,v1.20.2", "v1.37.2,1,37,2,v1.37.2", "1.34.0-rc.1,1,34,0,v1.34.0-rc.1"})
    void parsesWhatBinariesAndUsersSay(String text, int major, int minor, int patch, String printed) {
        KubeVersion version = KubeVersion.parse(text);

        assertThat(version).extracting(KubeVersion::major, KubeVersion::minor, KubeVersion::patch)
                .containsExactly(major, minor, patch);
        assertThat(version.toString()).isEqualTo(printed);
    }

    @Test
    void refusesTextWithoutAVersion() {
        assertThatThrownBy(() -> KubeVersion.parse("Kubernetes"))
                .hasMessage("Kubernetes version parse failed: 'Kubernetes' names no vX.Y.Z");
    }

    @Test
    void insecurePortOnlyBefore124(@TempDir Path run) {
        ServerCommands.Ports ports = new ServerCommands.Ports(1, 2, 3);
        Credentials credentials = Credentials.create(run, "admin", List.of());

        assertThat(ServerCommands.apiServer(Path.of("kube-apiserver"), KubeVersion.parse("v1.20.2"), Path.of("run"),
                credentials, ports, List.of())).contains("--insecure-port=0");
        assertThat(ServerCommands.apiServer(Path.of("kube-apiserver"), KubeVersion.parse("v1.23.17"), Path.of("run"),
                credentials, ports, List.of())).contains("--insecure-port=0");
        assertThat(ServerCommands.apiServer(Path.of("kube-apiserver"), KubeVersion.parse("v1.24.0"), Path.of("run"),
                credentials, ports, List.of())).doesNotContain("--insecure-port=0");
        assertThat(ServerCommands.apiServer(Path.of("kube-apiserver"), KubeVersion.parse("v1.37.2"), Path.of("run"),
                credentials, ports, List.of())).doesNotContain("--insecure-port=0");
    }

    @Test
    void ordersReleases() {
        assertThat(KubeVersion.parse("v1.20.2")).isLessThan(KubeVersion.parse("v1.37.2"));
        assertThat(KubeVersion.parse("v1.37.2").atLeast(24)).isTrue();
        assertThat(KubeVersion.parse("v1.20.2").atLeast(22)).isFalse();
    }
}
