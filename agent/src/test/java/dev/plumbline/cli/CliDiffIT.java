package dev.plumbline.cli;

import dev.plumbline.reconcile.DriftReportITAccess;
import dev.plumbline.testing.GitRepoFixture;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.Kubectl;
import dev.plumbline.testing.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code plumbline diff} and {@code render} in-process, against a real repository and API server: output and exit codes. */
@ExtendWith(KubernetesExtension.class)
public class CliDiffIT {

    @TempDir
    Path tmp;

    public record Run(int code, String out, String err) {
    }

    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = PlumblineCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void diffExitCodesFollowKubectlDiff(TestCluster cluster) throws Exception {
        String env = cluster.namespace();
        GitRepoFixture repo = new GitRepoFixture(tmp.resolve("repo"));
        repo.write("environments/" + env + "/plumbline.yaml", "namespace: " + env + "\n")
                .write("environments/" + env + "/app.yaml", DriftReportITAccess.manifests(env)).commit("first");
        String[] diff = {"diff", "--repo", repo.dir().toString(), "--env", env, "--kubeconfig", cluster.kubeconfigPath().toString(),
                "--state-namespace", cluster.stateNamespace(), "--cache-dir", tmp.resolve("cache").toString()};

        Run missing = run(diff);
        assertThat(missing.code()).as(missing.err()).isEqualTo(1);
        assertThat(missing.out()).contains("# Deployment/" + env + "/app: Missing", "+++ desired/apps.v1.Deployment." + env + ".app");
        assertThat(missing.err()).contains("3 Missing");

        // Apply exactly what Plumbline would (render --with-tracking), as plumbline, with kubectl.
        Run rendered = run("render", "--repo", repo.dir().toString(), "--env", env, "--with-tracking", "--cache-dir", tmp.resolve("cache").toString());
        assertThat(rendered.code()).isZero();
        Path file = Files.writeString(tmp.resolve("rendered.yaml"), rendered.out());
        Kubectl kubectl = new Kubectl(cluster.kubeconfigPath());
        // kubectl apply --server-side needs explicit protocols on 1.20 (kubernetes#98576); plumbline adds them itself.
        Files.writeString(file, rendered.out().replace("containerPort: 8080", "containerPort: 8080\n          protocol: TCP")
                .replace("port: 80\n", "port: 80\n    protocol: TCP\n"));
        kubectl.run("apply", "--server-side", "--field-manager=plumbline", "-f", file.toString());

        Run clean = run(diff);
        assertThat(clean.code()).as(clean.out() + clean.err()).isZero();
        assertThat(clean.out()).isEmpty();

        kubectl.run("-n", env, "set", "image", "deployment/app", "api=nginx:1.27");
        Run drift = run(diff);
        assertThat(drift.code()).isEqualTo(1);
        assertThat(drift.out()).contains("# Deployment/" + env + "/app: Modified (changed by kubectl-set", "-        image: nginx:1.27", "+        image: nginx:1.25");

        Run json = run(append(diff, "-o", "json"));
        assertThat(json.code()).isEqualTo(1);
        assertThat(json.out()).contains("\"status\" : \"Modified\"", "\"manager\" : \"kubectl-set\"");

        repo.write("environments/" + env + "/broken.yaml", "kind: ConfigMap\nmetadata:\n  name: x\n").commit("broken");
        Run broken = run(diff);
        assertThat(broken.code()).isEqualTo(2);
        assertThat(broken.err()).contains("environments/" + env + "/broken.yaml:1:");
        repo.close();
    }

    @Test
    void renderAndValidateNameFileAndLine() throws Exception {
        GitRepoFixture repo = new GitRepoFixture(tmp.resolve("repo2"));
        repo.write("environments/good/plumbline.yaml", "namespace: shop\n")
                .write("environments/good/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\n")
                .write("environments/bad/plumbline.yaml", "namespace: shop\nsync:\n  auto: maybe\n")
                .write("environments/bad/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n  labels: {}\n")
                .commit("two environments");
        String cache = tmp.resolve("cache2").toString();
        Run good = run("render", "--repo", repo.dir().toString(), "--env", "good", "--cache-dir", cache);
        assertThat(good.code()).isZero();
        assertThat(good.out()).isEqualTo("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\n  namespace: shop\n");

        Run validate = run("validate", "--repo", repo.dir().toString(), "--cache-dir", cache);
        assertThat(validate.code()).isEqualTo(2);
        assertThat(validate.out()).contains("good: ok, 1 objects", "bad: 2 error(s)",
                "environments/bad/plumbline.yaml:3: sync.auto must be true or false, not 'maybe'", "environments/bad/cm.yaml:");

        String first = repo.commit("same");
        repo.write("environments/good/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: two\n").commit("renamed");
        Run older = run("render", "--repo", repo.dir().toString(), "--env", "good", "--revision", first.substring(0, 8), "--cache-dir", cache);
        assertThat(older.out()).contains("name: one").doesNotContain("name: two");
        Run newer = run("render", "--repo", repo.dir().toString(), "--env", "good", "--cache-dir", cache);
        assertThat(newer.out()).contains("name: two");
        repo.close();
    }

    private static String[] append(String[] a, String... more) {
        String[] out = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }
}
