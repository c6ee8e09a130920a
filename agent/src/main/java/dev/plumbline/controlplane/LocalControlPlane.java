package dev.plumbline.controlplane;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real etcd + kube-apiserver on 127.0.0.1 for tests, demos and benchmarks (envtest style), of any release from 1.20
 * to the newest (flags are chosen by {@link #version()}). Optionally a real kube-controller-manager too
 * ({@link ControlPlaneOptions#controllerManager()}): Deployments then get ReplicaSets and Pods, Namespaces really
 * delete, ServiceAccounts appear. No scheduler or kubelet ever runs: pod and workload readiness come from a
 * {@link WorkloadSimulator}, if anyone starts one.
 *
 * <p>{@link #start()} and {@link #stop()} may alternate: the run folder, etcd's data, the credentials and (when
 * still free) the ports survive, so a kubeconfig written before a restart still works after it. {@link #close()}
 * stops both processes and deletes the run folder; a shutdown hook does the same at JVM exit, and a start in a later
 * JVM stops the leftovers of a JVM that died without running it.
 */
public final class LocalControlPlane implements AutoCloseable {

    public static final String ADMIN_USER = "plumbline-admin";
    private static final Logger LOG = LoggerFactory.getLogger(LocalControlPlane.class);

    private final ControlPlaneOptions options;
    private Path runDir;
    private Credentials credentials;
    private ServerCommands.Ports ports;
    private ServerProcess etcd;
    private ServerProcess apiServer;
    private ServerProcess controllerManager;
    private KubeVersion version;
    private Thread shutdownHook;
    private boolean running;
    private boolean closed;

    public LocalControlPlane(ControlPlaneOptions options) {
        this.options = options;
    }

    /** A control plane with the given options, already started. */
    public static LocalControlPlane started(ControlPlaneOptions options) {
        return new LocalControlPlane(options).start();
    }

    /** Starts etcd, then kube-apiserver, and waits until {@code /readyz} answers; a no-op when running. */
    public synchronized LocalControlPlane start() {
        if (closed) {
            throw new ControlPlaneException("control plane start failed: already closed");
        }
        if (running) {
            return this;
        }
        EnvtestAssets assets = EnvtestAssets.locate(options);
        if (options.controllerManager() && assets.controllerManager() == null) {
            throw new ControlPlaneException("kube-controller-manager lookup failed: none beside " + assets.apiServer()
                    + " (the Debian-built 1.20.2 has none; provision a Go-built release, e.g. scripts/provision-envtest.sh"
                    + " newest)");
        }
        version = KubeVersion.of(assets.apiServer());
        RunRegistry.reapLeftovers(options.runsDir(), options.stopTimeout());
        prepareRunDir();
        long begin = System.nanoTime();
        try {
            startWithOneRetry(assets);
        } catch (RuntimeException e) {
            stopProcesses();
            // keep the run folder (its logs are named in the message) past JVM exit; a later JVM's start reaps it
            removeShutdownHook();
            throw e;
        }
        running = true;
        writeKubeconfig();
        if (options.controllerManager()) {
            startControllerManager(assets);
        }
        LOG.info("kube-apiserver {} ready in {} s at {}{} (run folder {})", version,
                String.format("%.1f", (System.nanoTime() - begin) / 1e9), url(),
                options.controllerManager() ? " with kube-controller-manager" : "", runDir);
        return this;
    }

    /** Stops both processes and keeps the run folder (etcd data, credentials) for a later {@link #start()}. */
    public synchronized void stop() {
        stopProcesses();
        running = false;
    }

    /** Stops both processes and deletes the run folder. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        removeShutdownHook();
        if (runDir != null) {
            RunRegistry.delete(runDir);
        }
    }

    public boolean isRunning() {
        return running && etcd.alive() && apiServer.alive();
    }

    /** The release this control plane runs, as its kube-apiserver binary reports it. */
    public KubeVersion version() {
        requireStartedOnce();
        return version;
    }

    /** {@code https://127.0.0.1:<port>}. */
    public String url() {
        requireStartedOnce();
        return "https://" + ServerCommands.HOST + ":" + ports.apiServer();
    }

    public Path kubeconfigPath() {
        requireStartedOnce();
        return runDir.resolve("kubeconfig");
    }

    public Path runDir() {
        requireStartedOnce();
        return runDir;
    }

    public String adminToken() {
        return token(ADMIN_USER);
    }

    /** The bearer token of a user in the static token file ({@link ControlPlaneOptions#users()}). */
    public String token(String user) {
        requireStartedOnce();
        return credentials.token(user);
    }

    /** Users in the token file: the admin (group {@code system:masters}) and the option's users (no groups). */
    public Set<String> users() {
        requireStartedOnce();
        return credentials.tokens().keySet();
    }

    /** A client acting as the admin. The caller closes it. */
    public KubernetesClient newClient() {
        return newClient(ADMIN_USER);
    }

    /** A client acting as {@code user} (its own kubeconfig context). The caller closes it. */
    public KubernetesClient newClient(String user) {
        token(user);
        Config config = Config.fromKubeconfig(Kubeconfig.context(user, ADMIN_USER), kubeconfigPath().toFile());
        return clientFor(config);
    }

    /** A client authenticating with any bearer token, e.g. one from the TokenRequest API. The caller closes it. */
    public KubernetesClient newClientWithToken(String token) {
        Config admin = Config.fromKubeconfig(Kubeconfig.CLUSTER, kubeconfigPath().toFile());
        return clientFor(new ConfigBuilder(admin).withOauthToken(token).build());
    }

    /** Pids of the running processes by name ({@code etcd}, {@code kube-apiserver}): fault tests kill them. */
    public synchronized Map<String, ProcessHandle> processes() {
        Map<String, ProcessHandle> result = new LinkedHashMap<>();
        Optional.ofNullable(etcd).flatMap(ServerProcess::handle).ifPresent(h -> result.put(etcd.name(), h));
        Optional.ofNullable(apiServer).flatMap(ServerProcess::handle).ifPresent(h -> result.put(apiServer.name(), h));
        Optional.ofNullable(controllerManager).flatMap(ServerProcess::handle)
                .ifPresent(h -> result.put(controllerManager.name(), h));
        return result;
    }

    /** Log files of etcd and kube-apiserver, for a test that wants to show them on failure. */
    public Map<String, Path> logFiles() {
        requireStartedOnce();
        return Map.of("etcd", runDir.resolve("etcd.log"), "kube-apiserver", runDir.resolve("kube-apiserver.log"));
    }

    public ControlPlaneOptions options() {
        return options;
    }

    private static KubernetesClient clientFor(Config config) {
        Config tuned = new ConfigBuilder(config)
                .withRequestTimeout(30_000)
                .withConnectionTimeout(5_000)
                .build();
        return new KubernetesClientBuilder().withConfig(tuned).build();
    }

    private void prepareRunDir() {
        if (runDir == null) {
            runDir = RunRegistry.create(options.runsDir());
            credentials = Credentials.create(runDir, ADMIN_USER, options.users());
        }
        if (shutdownHook == null) {
            shutdownHook = new Thread(this::stopAtExit, "plumbline-control-plane-stop");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /** A port taken between choosing and binding is retried once with new ports, then reported with the port. */
    private void startWithOneRetry(EnvtestAssets assets) {
        ServerCommands.Ports first = ports != null ? ports : ServerCommands.Ports.fresh(options.ports());
        try {
            startOnce(assets, first);
        } catch (ServerProcess.PortClash clash) {
            LOG.warn("port {} was taken before {} could bind it; retrying with new ports", clash.address(),
                    clash.server());
            stopProcesses();
            try {
                startOnce(assets, ServerCommands.Ports.fresh(options.ports()));
            } catch (ServerProcess.PortClash again) {
                throw new ControlPlaneException(again.getMessage().replaceFirst(" already in use",
                        " already in use (after a retry with new ports)"), again);
            }
        }
    }

    private void startOnce(EnvtestAssets assets, ServerCommands.Ports attempt) {
        ports = attempt;
        long deadline = System.nanoTime() + options.startTimeout().toNanos();
        etcd = new ServerProcess("etcd", runDir);
        LOG.info("starting etcd on {}:{} (peer port {})", ServerCommands.HOST, attempt.etcdClient(),
                attempt.etcdPeer());
        etcd.start(ServerCommands.etcd(assets.etcd(), runDir.resolve("etcd-data"), attempt, options.extraEtcdArgs()));
        ReadinessProbe.await(etcd, URI.create("http://" + ServerCommands.HOST + ":" + attempt.etcdClient()
                + "/health"), null, deadline, options.startTimeout());
        apiServer = new ServerProcess("kube-apiserver", runDir);
        LOG.info("starting kube-apiserver on {}", url());
        LOG.info("starting kube-apiserver {}", version);
        apiServer.start(ServerCommands.apiServer(assets.apiServer(), version, runDir, credentials, attempt,
                options.extraApiServerArgs()));
        ReadinessProbe.await(apiServer, URI.create(url() + "/readyz"), adminToken(), deadline,
                options.startTimeout());
        // /readyz does not wait for the bootstrap controller, which creates these a moment later
        for (String namespace : new String[] {"default", "kube-system"}) {
            ReadinessProbe.await(apiServer, URI.create(url() + "/api/v1/namespaces/" + namespace), adminToken(),
                    deadline, options.startTimeout());
        }
    }

    /**
     * Starts kube-controller-manager against this API server and waits for its ServiceAccount controller to create
     * {@code ServiceAccount/default/default}: proof that it runs its controllers, not just that it started.
     */
    private void startControllerManager(EnvtestAssets assets) {
        long deadline = System.nanoTime() + options.startTimeout().toNanos();
        controllerManager = new ServerProcess("kube-controller-manager", runDir);
        LOG.info("starting kube-controller-manager {}", version);
        try {
            controllerManager.start(ServerCommands.controllerManager(assets.controllerManager(), kubeconfigPath(),
                    credentials, runDir.resolve("pki").resolve("apiserver.crt")));
            ReadinessProbe.await(controllerManager, URI.create(url()
                    + "/api/v1/namespaces/default/serviceaccounts/default"), adminToken(), deadline,
                    options.startTimeout());
        } catch (RuntimeException e) {
            stopProcesses();
            running = false;
            throw e;
        }
    }

    private void writeKubeconfig() {
        Kubeconfig.write(kubeconfigPath(), url(), servingCa(), ADMIN_USER, credentials.tokens());
    }

    /** kube-apiserver's generated {@code apiserver.crt} holds its serving cert and the CA that signed it. */
    private String servingCa() {
        Path cert = runDir.resolve("pki").resolve("apiserver.crt");
        try {
            return Files.isReadable(cert) ? java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(cert))
                    : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void stopProcesses() {
        // the controller manager, then kube-apiserver: without etcd it would log connection errors while draining
        if (controllerManager != null) {
            controllerManager.stop(options.stopTimeout());
            controllerManager = null;
        }
        if (apiServer != null) {
            apiServer.stop(options.stopTimeout());
        }
        if (etcd != null) {
            etcd.stop(options.stopTimeout());
        }
    }

    /** Not synchronized: a start still waiting for readiness must not hold up JVM exit. */
    private void stopAtExit() {
        stopProcesses();
        if (runDir != null) {
            RunRegistry.delete(runDir);
        }
    }

    private void removeShutdownHook() {
        if (shutdownHook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting; the hook runs anyway and finds nothing left to do
        }
        shutdownHook = null;
    }

    private void requireStartedOnce() {
        if (runDir == null || ports == null) {
            throw new ControlPlaneException("control plane access failed: never started");
        }
    }
}
