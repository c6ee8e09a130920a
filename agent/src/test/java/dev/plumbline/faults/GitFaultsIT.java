package dev.plumbline.faults;

import dev.plumbline.reconcile.EnvironmentReport;
import dev.plumbline.source.GitSourceOptions;
import dev.plumbline.testing.GitRepoFixture;
import dev.plumbline.testing.KubernetesExtension;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Git faults: the host goes down, refuses the credential, rewrites history, loses every file; a commit brings
 * malformed YAML, a file over the render limit, or a link out of the repository. Each case converges first, injects
 * the fault, runs cycles, and asserts the fault is reported, nothing was applied or deleted that should not be, and
 * that once the fault is gone the next cycle converges with inventory and history consistent.
 */
@ExtendWith({KubernetesExtension.class, FaultLedgerExtension.class})
class GitFaultsIT {

    private static final String TOKEN = "glpat-faults-token-0001";

    @RegisterExtension
    final FaultHarness it = new FaultHarness();
    private FaultGitServer server;
    private Path tokenFile;

    @BeforeEach
    void setUp() throws Exception {
        server = new FaultGitServer(it.tmp.resolve("served"), TOKEN);
        it.closeLater(server);
        tokenFile = Files.writeString(it.tmp.resolve("token"), TOKEN + "\n");
    }

    /** Commits a, b, c, pushes, starts the agent over smart HTTP with the token file, and converges. */
    private Map<String, String> converged(String... names) throws Exception {
        it.writeConfigMaps("v1", names).commit("first");
        server.push(it.work.dir(), false);
        it.start(GitSourceOptions.defaults().withUrl(server.url()).withTokenFile(tokenFile), null);
        EnvironmentReport first = it.cycle();
        assertThat(first.error()).isNull();
        assertThat(first.status()).isEqualTo("Synced");
        assertThat(it.configMaps().keySet()).containsExactly(names);
        return it.configMaps();
    }

    /** The report after a failed fetch or render: the error, stale, the last good entries and revision kept. */
    private static void assertStale(EnvironmentReport report, EnvironmentReport lastGood, String error) {
        assertThat(report.error()).contains(error);
        assertThat(report.stale()).isTrue();
        assertThat(report.revision()).isEqualTo(lastGood.revision());
        assertThat(report.entries()).isEqualTo(lastGood.entries());
    }

    @Test
    @Fault("Git server down (smart-HTTP host stopped)")
    void gitServerDownIsReportedAndPrunesNothing() throws Exception {
        Map<String, String> before = converged("a", "b", "c");
        EnvironmentReport lastGood = it.reconciler().report(it.env).orElseThrow();

        // Git moves on (c deleted) while the host is down: the agent must not act on what it cannot read.
        it.work.delete(it.dir() + "c.yaml");
        it.commit("drop c");
        server.push(it.work.dir(), false);
        server.stop();
        for (int i = 0; i < 3; i++) {
            EnvironmentReport down = it.cycle();
            assertStale(down, lastGood, "failed: cannot reach 127.0.0.1:");
        }
        assertThat(it.configMaps()).as("nothing pruned, nothing touched").isEqualTo(before);
        FaultLedger.objectsLost(it.missing(before.keySet()));

        server.start();
        assertThat(it.assertConverged(it.keys("ConfigMap", "a", "b"))).isZero();
        assertThat(it.configMaps()).containsEntry("a", before.get("a")).containsEntry("b", before.get("b"))
                .doesNotContainKey("c"); // pruned only now, because Git says so and Git could be read
        assertThat(it.history()).hasSize(2);
    }

    @Test
    @Fault("Git credential revoked, then rotated")
    void revokedCredentialNamesTheTokenFileNeverTheToken() throws Exception {
        Map<String, String> before = converged("a", "b");
        EnvironmentReport lastGood = it.reconciler().report(it.env).orElseThrow();
        it.writeConfigMaps("v2", "a").commit("change a");
        server.push(it.work.dir(), false);

        server.acceptOnly("glpat-rotated-token-0002");
        EnvironmentReport refused = it.cycle();
        assertStale(refused, lastGood, "failed: authentication refused (credential: token-file " + tokenFile + ")");
        assertThat(refused.toString()).doesNotContain(TOKEN).doesNotContain("glpat-rotated-token-0002");
        assertThat(it.configMaps()).isEqualTo(before);
        assertThat(it.value("a")).isEqualTo("v1");
        FaultLedger.objectsLost(it.missing(before.keySet()));

        Files.writeString(tokenFile, "glpat-rotated-token-0002\n"); // the secret is rotated; the file is re-read
        assertThat(it.assertConverged(it.keys("ConfigMap", "a", "b"))).isZero();
        assertThat(it.value("a")).isEqualTo("v2");
        assertThat(it.configMaps().get("b")).isEqualTo(before.get("b"));
    }

    @Test
    @Fault("branch force-pushed to an older commit")
    void forcePushToAnOlderCommitConvergesToThatCommitAndPrunesOnlyWhatItLacks() throws Exception {
        Map<String, String> before = converged("a", "b", "c");
        String older = it.reconciler().report(it.env).orElseThrow().revision().sha();
        it.writeConfigMaps("v1", "d").commit("add d");
        it.writeConfigMaps("v2", "a").commit("change a");
        server.push(it.work.dir(), false);
        assertThat(it.cycle().status()).isEqualTo("Synced");
        assertThat(it.configMaps().keySet()).containsExactly("a", "b", "c", "d");

        try (Git git = Git.open(it.work.dir().toFile())) {
            git.reset().setMode(ResetCommand.ResetType.HARD).setRef(older).call();
        }
        server.push(it.work.dir(), true);

        EnvironmentReport back = it.cycle();
        assertThat(back.revision().sha()).isEqualTo(older);
        assertThat(back.error()).isNull();
        // This is intended: the cluster follows Git, so it matches the older commit exactly.
        assertThat(it.configMaps().keySet()).containsExactly("a", "b", "c");
        assertThat(it.value("a")).isEqualTo("v1");
        assertThat(it.configMaps()).containsEntry("b", before.get("b")).containsEntry("c", before.get("c"));
        FaultLedger.objectsLost(it.missing(Set.of("a", "b", "c")));
        assertThat(it.assertConverged(it.keys("ConfigMap", "a", "b", "c"))).isZero();
        assertThat(it.history().get(0).revision()).isEqualTo(older);
    }

    @Test
    @Fault("branch force-pushed to an unrelated history")
    void forcePushToAnUnrelatedHistoryConvergesToIt() throws Exception {
        Map<String, String> before = converged("a", "b", "c");
        try (GitRepoFixture other = new GitRepoFixture(it.tmp.resolve("unrelated"))) {
            other.write(it.dir() + "plumbline.yaml", it.policy())
                    .write(it.dir() + "a.yaml", FaultHarness.configMap("a", "v1"))
                    .write(it.dir() + "x.yaml", FaultHarness.configMap("x", "new"));
            String root = other.commit("a new root");
            server.push(other.dir(), true);

            EnvironmentReport moved = it.cycle();
            assertThat(moved.error()).isNull();
            assertThat(moved.revision().sha()).isEqualTo(root);
        }
        assertThat(it.configMaps().keySet()).as("exactly what the new history holds").containsExactly("a", "x");
        assertThat(it.configMaps().get("a")).as("unchanged object untouched").isEqualTo(before.get("a"));
        FaultLedger.objectsLost(it.missing(Set.of("a", "x")));
        assertThat(it.assertConverged(it.keys("ConfigMap", "a", "x"))).isZero();
    }

    @Test
    @Fault("repository emptied: every manifest deleted (policy kept)")
    void anEmptiedEnvironmentIsGuardedAndPrunesNothing() throws Exception {
        Map<String, String> before = converged("a", "b", "c");
        for (String n : before.keySet()) {
            it.work.delete(it.dir() + n + ".yaml");
        }
        it.commit("delete every manifest");
        server.push(it.work.dir(), false);

        EnvironmentReport empty = it.cycle();
        assertThat(empty.lastSync().result().word()).isEqualTo("guarded");
        assertThat(empty.lastSync().message()).contains("the render is empty and would prune all 3 objects");
        assertThat(it.cycle().lastSync().result().word()).as("still guarded on the next cycle").isEqualTo("guarded");
        assertThat(it.configMaps()).as("nothing pruned").isEqualTo(before);
        assertThat(it.inventory()).isEqualTo(it.keys("ConfigMap", "a", "b", "c"));
        FaultLedger.objectsLost(it.missing(before.keySet()));

        it.writeConfigMaps("v1", "b", "c").writeConfigMaps("v2", "a").commit("restore, with a changed");
        server.push(it.work.dir(), false);
        assertThat(it.assertConverged(it.keys("ConfigMap", "a", "b", "c"))).isZero();
        assertThat(it.configMaps()).containsEntry("b", before.get("b")).containsEntry("c", before.get("c"));
    }

    @Test
    @Fault("repository emptied: every file deleted")
    void aRepositoryWithoutTheEnvironmentFolderIsAnErrorAndPrunesNothing() throws Exception {
        Map<String, String> before = converged("a", "b");
        EnvironmentReport lastGood = it.reconciler().report(it.env).orElseThrow();
        try (Git git = Git.open(it.work.dir().toFile())) {
            git.rm().addFilepattern("environments").call();
            git.commit().setMessage("empty the repository").setAuthor("T", "t@example.com").setCommitter("T", "t@example.com").call();
        }
        server.push(it.work.dir(), false);

        EnvironmentReport gone = it.cycle();
        assertStale(gone, lastGood, "render failed");
        assertThat(gone.problems()).containsExactly("environments/" + it.env + ": environment folder does not exist");
        assertThat(it.configMaps()).isEqualTo(before);
        FaultLedger.objectsLost(it.missing(before.keySet()));

        it.writeConfigMaps("v1", "b").writeConfigMaps("v2", "a").commit("restore, with a changed");
        server.push(it.work.dir(), false);
        assertThat(it.assertConverged(it.keys("ConfigMap", "a", "b"))).isZero();
        assertThat(it.configMaps()).containsEntry("b", before.get("b"));
    }

    @Test
    @Fault("commit with malformed YAML")
    void malformedYamlBlocksTheWholeEnvironmentWithFileAndLine() throws Exception {
        Map<String, String> before = converged("a", "b", "c");
        EnvironmentReport lastGood = it.reconciler().report(it.env).orElseThrow();
        it.work.write(it.dir() + "a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  value: \"v2\"\n   broken: [\n");
        it.writeConfigMaps("v1", "added");
        it.work.delete(it.dir() + "c.yaml");
        it.commit("broken a, added new, c removed");
        server.push(it.work.dir(), false);

        EnvironmentReport broken = it.cycle();
        assertStale(broken, lastGood, "render failed");
        assertThat(broken.problems()).singleElement().asString().startsWith("environments/" + it.env + "/a.yaml:7: invalid YAML");
        assertThat(it.configMaps()).as("added not applied, c not pruned, a untouched").isEqualTo(before);
        assertThat(it.inventory()).isEqualTo(it.keys("ConfigMap", "a", "b", "c"));
        FaultLedger.objectsLost(it.missing(before.keySet()));

        it.writeConfigMaps("v2", "a").commit("fix a");
        server.push(it.work.dir(), false);
        assertThat(it.assertConverged(it.keys("ConfigMap", "a", "b", "added"))).isZero();
        assertThat(it.value("a")).isEqualTo("v2");
    }

    @Test
    @Fault("huge file (80 MiB > 8 MiB render limit per file)")
    void aFileOverTheRenderLimitIsAClearErrorAndALargeValidOneRenders() throws Exception {
        Map<String, String> before = converged("a", "b");
        EnvironmentReport lastGood = it.reconciler().report(it.env).orElseThrow();
        Path huge = it.work.dir().resolve(it.dir() + "huge.yaml");
        try (Writer w = Files.newBufferedWriter(huge, StandardCharsets.UTF_8)) {
            w.write(FaultHarness.configMap("huge", "x"));
            String line = "# " + "padding ".repeat(127) + "\n"; // 1 KiB
            for (int i = 0; i < 80 * 1024; i++) {
                w.write(line);
            }
        }
        it.writeConfigMaps("v1", "added").commit("an 80 MiB manifest");
        server.push(it.work.dir(), false);

        EnvironmentReport tooBig = it.cycle();
        assertStale(tooBig, lastGood, "render failed");
        assertThat(tooBig.problems()).containsExactly("environments/" + it.env + "/huge.yaml: render budget exceeded: "
                + "file is " + Files.size(huge) + " bytes, more than the limit of " + 8 * 1024 * 1024 + " bytes for one "
                + "file (limit plumbline.render.max-file-bytes); this file crossed it");
        assertThat(it.configMaps()).isEqualTo(before);
        FaultLedger.objectsLost(it.missing(before.keySet()));

        // 600 KiB of data in one ConfigMap: large, but below every limit on the way (etcd's 1.5 MiB included)
        it.work.write(it.dir() + "huge.yaml", FaultHarness.configMap("huge", "y".repeat(600 * 1024)));
        it.commit("a large but valid manifest");
        server.push(it.work.dir(), false);
        assertThat(it.assertConverged(it.keys("ConfigMap", "a", "b", "huge", "added"))).isZero();
        assertThat(it.value("huge")).hasSize(600 * 1024);
    }

    @Test
    @Fault("symlink escaping the repository")
    void aLinkOutOfTheRepositoryIsAnErrorAndNothingIsApplied() throws Exception {
        Map<String, String> before = converged("a", "b");
        EnvironmentReport lastGood = it.reconciler().report(it.env).orElseThrow();
        Path link = it.work.dir().resolve(it.dir() + "passwd.yaml");
        Files.createSymbolicLink(link, Path.of("../../../etc/passwd")); // committed as mode 120000
        it.writeConfigMaps("v1", "added").commit("a link to /etc/passwd");
        server.push(it.work.dir(), false);

        EnvironmentReport escaped = it.cycle();
        assertThat(escaped.error()).contains("environments/" + it.env + "/passwd.yaml")
                .contains("is a link that leaves the repository (target ../../../etc/passwd)");
        assertThat(escaped.stale()).isTrue();
        assertThat(escaped.entries()).isEqualTo(lastGood.entries());
        assertThat(escaped.toString()).doesNotContain("root:x:0:0");
        assertThat(it.configMaps()).as("added not applied").isEqualTo(before);
        FaultLedger.objectsLost(it.missing(before.keySet()));

        Files.delete(link);
        it.commit("remove the link");
        server.push(it.work.dir(), false);
        assertThat(it.assertConverged(it.keys("ConfigMap", "a", "b", "added"))).isZero();
    }
}
