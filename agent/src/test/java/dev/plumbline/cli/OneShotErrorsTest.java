package dev.plumbline.cli;

import dev.plumbline.testing.GitRepoFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code diff} and {@code sync} prepare the cluster side while they read Git ({@link OneShotCluster}); the errors a
 * user sees keep their order: the repository's first, then the kubeconfig's, each exactly as before.
 */
class OneShotErrorsTest {

    @TempDir
    Path tmp;

    @Test
    void aGitErrorIsReportedBeforeAKubeconfigError() throws Exception {
        Path notARepo = Files.createDirectories(tmp.resolve("plain"));
        for (String command : new String[]{"diff", "sync"}) {
            CliDiffIT.Run run = CliDiffIT.run(command, "--repo", notARepo.toString(), "--env", "prod",
                    "--kubeconfig", tmp.resolve("missing-kubeconfig").toString(), "--cache-dir", tmp.resolve("cache").toString());
            assertThat(run.code()).as(run.err()).isEqualTo(PlumblineCommand.EXIT_ERROR);
            assertThat(run.err()).contains("plumbline " + command + " failed: ", "is not a Git repository")
                    .doesNotContain("kubeconfig");
        }
    }

    @Test
    void anUnreadableKubeconfigIsReportedAsBefore() {
        try (GitRepoFixture repo = new GitRepoFixture(tmp.resolve("repo"))) {
            repo.write("environments/prod/app.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: x\n")
                    .commit("first");
            Path kubeconfig = tmp.resolve("missing-kubeconfig");
            for (String command : new String[]{"diff", "sync"}) {
                CliDiffIT.Run run = CliDiffIT.run(command, "--repo", repo.dir().toString(), "--env", "prod",
                        "--kubeconfig", kubeconfig.toString(), "--cache-dir", tmp.resolve("cache").toString());
                assertThat(run.code()).as(run.err()).isEqualTo(PlumblineCommand.EXIT_ERROR);
                assertThat(run.out()).isEmpty();
                assertThat(run.err()).contains("plumbline " + command + " failed: kubeconfig " + kubeconfig
                        + " read failed: not a readable file");
            }
        }
    }

    @Test
    void anUnknownOutputFormatIsAUsageErrorForBothCommandsBeforeAnythingIsRead() {
        for (String command : new String[]{"diff", "sync"}) {
            CliDiffIT.Run run = CliDiffIT.run(command, "--repo", tmp.resolve("nowhere").toString(), "--env", "prod",
                    "-o", "yaml", "--kubeconfig", tmp.resolve("missing-kubeconfig").toString());
            assertThat(run.code()).as(run.err()).isEqualTo(PlumblineCommand.EXIT_ERROR);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).contains("-o must be text or json, not yaml").doesNotContain("Git repository");
        }
    }
}
