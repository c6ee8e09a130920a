package dev.plumbline.cli;

import dev.plumbline.controlplane.ControlPlaneOptions;
import dev.plumbline.controlplane.LocalControlPlane;
import dev.plumbline.controlplane.SimulatorOptions;
import dev.plumbline.controlplane.WorkloadSimulator;
import dev.plumbline.reconcile.Agent;
import dev.plumbline.reconcile.EnvironmentReport;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code plumbline demo}: the embedded default. Starts a local control plane (kube-apiserver + etcd on 127.0.0.1,
 * provisioned if needed) with the workload-status simulator, points the agent at this repository's own Git history,
 * converges {@code staging}, shows {@code production} waiting for approval, and serves the API. With
 * {@code --kubeconfig} it uses that cluster and starts nothing. Ctrl-C stops everything it started.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Local control plane + agent on this repository.")
public class DemoCommand implements Callable<Integer> {

    @Option(names = "--repo", defaultValue = ".", description = "the repository (default: this checkout)")
    Path repo;

    @Option(names = "--kubeconfig", description = "use this cluster instead of starting a local control plane")
    Path kubeconfig;

    @Option(names = "--port", defaultValue = "8080", description = "API port on 127.0.0.1 (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--exit-after", description = "stop by itself after this long (headless runs, tests), e.g. 60s")
    String exitAfter;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path root = repo.toAbsolutePath().normalize();
        String branch = RepoOptions.checkedOutBranch(root);
        Path work = Files.createTempDirectory("plumbline-demo");
        LocalControlPlane controlPlane = null;
        WorkloadSimulator simulator = null;
        ApplicationContext app = null;
        try {
            Path config = kubeconfig;
            if (config == null) {
                provisionIfNeeded(root, err);
                say(err, "starting a local control plane (kube-apiserver "
                        + ControlPlaneOptions.defaults().resolvedVersion() + " + etcd on 127.0.0.1)");
                controlPlane = LocalControlPlane.started(ControlPlaneOptions.defaults());
                say(err, "control plane running: Kubernetes " + controlPlane.version() + " at " + controlPlane.url());
                config = controlPlane.kubeconfigPath();
                KubernetesClient client = controlPlane.newClient();
                simulator = WorkloadSimulator.started(client, SimulatorOptions.defaults());
                say(err, "workload status is SIMULATED: no kubelet runs here; a simulator marks rollouts as done");
            }
            Path token = Files.writeString(work.resolve("api-token"), HexFormat.of().formatHex(new SecureRandom().generateSeed(16)));
            app = startAgent(root, branch, config, token, work);
            String url = "http://127.0.0.1:" + app.getBean(EmbeddedServer.class).getPort();
            Agent agent = app.getBean(Agent.class);
            say(err, "UI at " + url + "/ui/ (API at " + url + "/api/v1); converging staging, production waits for approval");
            EnvironmentReport staging = await(agent, "staging", r -> "Synced".equals(r.status()) && r.health() != null
                    && r.health().health() == dev.plumbline.health.Health.Healthy, err);
            EnvironmentReport production = await(agent, "production", r -> r.gate() != null, err);
            printGuide(spec.commandLine().getOut(), url, config, Files.readString(token), staging, production);
            printCanaryGuide(spec.commandLine().getOut(), url, root, token);
            waitForStop(exitAfter, stopped);
            return PlumblineCommand.EXIT_CLEAN;
        } finally {
            say(err, "stopping");
            if (app != null) {
                app.close();
            }
            if (simulator != null) {
                simulator.close();
            }
            if (controlPlane != null) {
                controlPlane.close();
            }
            stopped.countDown();
        }
    }

    /** Counted down once everything the demo started is stopped; Ctrl-C's hook waits for it (the JVM halts after hooks). */
    private final CountDownLatch stopped = new CountDownLatch(1);

    private ApplicationContext startAgent(Path root, String branch, Path config, Path token, Path work) {
        ApplicationContext app = ApplicationContext.run(Map.of(
                "micronaut.server.host", "127.0.0.1",
                "micronaut.server.port", port,
                "plumbline.repo.url", root.toString(),
                "plumbline.repo.branch", branch == null ? "main" : branch,
                "plumbline.repo.poll-interval", "5s",
                "plumbline.repo.cache-dir", work.resolve("git").toString(),
                "plumbline.environments", List.of("staging", "production"),
                "plumbline.kubeconfig", config.toString(),
                "plumbline.api.token-file", token.toString()));
        app.getBean(EmbeddedServer.class).start();
        return app;
    }

    /** The README's first command must work on a fresh machine: provision the control plane on first use. */
    private static void provisionIfNeeded(Path root, PrintWriter err) throws Exception {
        String assets = System.getenv("KUBEBUILDER_ASSETS");
        String version = ControlPlaneOptions.defaults().version();
        Path dir = assets != null && !assets.isBlank() ? Path.of(assets)
                : ControlPlaneOptions.cacheRoot().resolve(ControlPlaneOptions.resolve(version));
        if (Files.isExecutable(dir.resolve("kube-apiserver")) && Files.isExecutable(dir.resolve("etcd"))) {
            return;
        }
        Path script = root.resolve("scripts/provision-envtest.sh");
        say(err, "kube-apiserver and etcd (" + version + ") are not provisioned yet: running " + script + " " + version
                + " (once per machine, several minutes; the newest release is built from Go modules, ~6 min)");
        Process p = new ProcessBuilder("bash", script.toString(), version).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("control plane provisioning failed (exit " + p.exitValue() + "); see the lines above");
        }
    }

    private static EnvironmentReport await(Agent agent, String env, java.util.function.Predicate<EnvironmentReport> done,
                                           PrintWriter err) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            EnvironmentReport r = agent.reconciler().report(env).orElse(null);
            if (r != null && r.error() != null) {
                throw new IllegalStateException(env + " failed: " + r.error());
            }
            if (r != null && done.test(r)) {
                say(err, env + ": " + r.status() + " at " + r.revision().shortSha() + " (" + r.gate().decision() + ")");
                return r;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(env + " did not converge within 3 minutes");
    }

    private static void printGuide(PrintWriter out, String url, Path kubeconfig, String token, EnvironmentReport staging,
                                   EnvironmentReport production) {
        String pending = production.gate().pending() == null ? production.revision().sha() : production.gate().pending();
        out.printf("""
                Open the UI: %s/ui/   (its actions ask for the API token: %s)

                Plumbline demo is running (Ctrl-C stops everything it started).
                  staging:    %s, health %s
                  production: %s (%s)

                Try next:
                  curl %s/api/v1/drift
                  kubectl --kubeconfig %s -n shop-staging set image deployment/orders-api api=registry.example.com/shop/orders-api:9.9
                      -> reverted within seconds (self-heal); see curl %s/api/v1/environments/staging/history
                  kubectl --kubeconfig %s -n shop-staging edit deployment/orders-api
                  curl -X POST -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' \\
                       -d '{"revision":"%s"}' %s/api/v1/environments/production/sync
                      -> approves production at that revision
                  curl %s/prometheus | grep plumbline_

                """, url, token.trim(), staging.status(), staging.health() == null ? "Unknown" : staging.health().health(),
                production.status(), production.gate().decision(), url, kubeconfig, url, kubeconfig, token.trim(), pending, url, url);
        out.flush();
    }

    /**
     * environments/staging/plumbline.yaml runs orders-api as a canary; the workload simulator fails any pod template
     * annotated {@code plumbline.dev/simulate: fail}. These lines are run verbatim by DemoIT (a sed that adds that
     * annotation as a staging patch, the commit, the status command, the revert), so they stay copy-pasteable.
     */
    static final String FAIL_ORDERS_API = "sed -i '/^patches:/a\\  - target: {kind: Deployment, name: orders-api}\\n"
            + "    patch: \"[{op: add, path: /spec/template/metadata/annotations, value: {plumbline.dev/simulate: fail}}]\"'"
            + " environments/staging/kustomization.yaml";

    private static void printCanaryGuide(PrintWriter out, String url, Path root, Path tokenFile) {
        out.printf("""
                Watch a canary roll back (staging runs orders-api as a canary: 50 %%, then 100 %%, 10 s a step).
                In %s:
                  %s
                  git commit -qam "staging: orders-api fails (simulated)"
                      -> within ~30 s orders-api-canary starts beside orders-api, its pods never get ready, it is removed
                  ./plumbline rollout status --env staging --server %s --token-file %s
                  curl %s/api/v1/environments/staging/rollouts      -> phase RolledBack, and why
                  curl %s/api/v1/environments/staging/history      -> trigger rollback, back on the last healthy revision
                  git revert --no-edit HEAD
                      -> staging is back on the stable template (a plain sync, no canary)

                """, root, FAIL_ORDERS_API, url, tokenFile, url, url);
        out.flush();
    }

    private static void waitForStop(String exitAfter, CountDownLatch stopped) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "plumbline-demo-stop"));
        if (exitAfter == null) {
            stop.await();
        } else {
            stop.await(dev.plumbline.config.Durations.parse(exitAfter).toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static void say(PrintWriter err, String line) {
        err.println("plumbline demo: " + line);
        err.flush();
    }
}
