package dev.plumbline.cli;

import dev.plumbline.reconcile.DriftReportITAccess;
import dev.plumbline.testing.GitRepoFixture;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The one-shot commands take the operator's limits as flags, since the agent configuration is not there. */
@ExtendWith(KubernetesExtension.class)
class CliLimitsIT {

    @TempDir
    Path tmp;

    @Test
    void syncOutsideTheAllowedNamespacesIsAFileLineErrorAndAppliesNothing(TestCluster cluster) {
        String env = cluster.namespace();
        try (GitRepoFixture repo = new GitRepoFixture(tmp.resolve("repo"))) {
            repo.write("environments/" + env + "/plumbline.yaml", "namespace: " + env + "\n")
                    .write("environments/" + env + "/app.yaml", DriftReportITAccess.manifests(env)).commit("first");
            String[] common = {"--repo", repo.dir().toString(), "--env", env, "--kubeconfig", cluster.kubeconfigPath().toString(),
                    "--state-namespace", cluster.stateNamespace(), "--cache-dir", tmp.resolve("cache").toString()};

            Run refused = run(concat(new String[]{"sync", "--allow-namespace", "shop-*"}, common));
            assertThat(refused.code()).as(refused.err()).isEqualTo(2);
            assertThat(refused.err()).contains("environments/" + env + "/app.yaml:", "the agent configuration's limits");
            assertThat(cluster.client().configMaps().inNamespace(env).list().getItems()).isEmpty();

            Run allowed = run(concat(new String[]{"diff", "--allow-namespace", env, "--allow-cluster-scoped", ""}, common));
            assertThat(allowed.code()).as(allowed.err()).isEqualTo(1); // drift: nothing applied yet
        }
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        CliDiffIT.Run r = CliDiffIT.run(args);
        return new Run(r.code(), r.out(), r.err());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
