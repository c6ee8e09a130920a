package dev.plumbline.controlplane;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * How a {@link LocalControlPlane} is located and started.
 *
 * @param version            envtest version; names the cache folder {@code <cacheRoot>/<version>/}
 * @param assetsDir          folder holding {@code kube-apiserver} and {@code etcd}; {@code null}: {@code $KUBEBUILDER_ASSETS},
 *                           else {@code <cacheRoot>/<version>/}
 * @param runsDir            parent of the per-run folders (data, logs, pid files); shared between JVMs so that a
 *                           later start can find and stop the leftovers of a JVM that died
 * @param startTimeout       deadline for etcd and kube-apiserver together to become ready
 * @param stopTimeout        how long each process gets after SIGTERM before it is killed
 * @param users              extra users in the static token file, without groups (RBAC tests); the admin user
 *                           {@value LocalControlPlane#ADMIN_USER} in {@code system:masters} is always there
 * @param extraEtcdArgs      appended to etcd's command line (the last value of a flag wins)
 * @param extraApiServerArgs appended to kube-apiserver's command line (the last value of a flag wins)
 * @param ports              picks a free 127.0.0.1 port; replaceable so tests can provoke a port clash
 */
public record ControlPlaneOptions(String version, Path assetsDir, Path runsDir, Duration startTimeout,
                                  Duration stopTimeout, List<String> users, List<String> extraEtcdArgs,
                                  List<String> extraApiServerArgs, IntSupplier ports) {

    public static final String VERSION_PROPERTY = "plumbline.envtest.version";
    public static final String DEFAULT_VERSION = "1.20.2";
    public static final String LIMITED_USER = "plumbline-limited";

    public ControlPlaneOptions {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(runsDir, "runsDir");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        Objects.requireNonNull(ports, "ports");
        users = List.copyOf(users);
        extraEtcdArgs = List.copyOf(extraEtcdArgs);
        extraApiServerArgs = List.copyOf(extraApiServerArgs);
    }

    public static ControlPlaneOptions defaults() {
        return new ControlPlaneOptions(System.getProperty(VERSION_PROPERTY, DEFAULT_VERSION), null,
                cacheRoot().resolve("runs"), Duration.ofSeconds(60), Duration.ofSeconds(10),
                List.of(LIMITED_USER), List.of(), List.of(), LoopbackPorts::free);
    }

    /**
     * The envtest cache, the same folder {@code scripts/provision-envtest.sh} fills:
     * {@code $PLUMBLINE_ENVTEST_DIR}, else {@code ${XDG_CACHE_HOME:-~/.cache}/plumbline/envtest}.
     */
    public static Path cacheRoot() {
        String explicit = System.getenv("PLUMBLINE_ENVTEST_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("plumbline").resolve("envtest");
    }

    public ControlPlaneOptions withAssetsDir(Path dir) {
        return new ControlPlaneOptions(version, dir, runsDir, startTimeout, stopTimeout, users, extraEtcdArgs,
                extraApiServerArgs, ports);
    }

    public ControlPlaneOptions withRunsDir(Path dir) {
        return new ControlPlaneOptions(version, assetsDir, dir, startTimeout, stopTimeout, users, extraEtcdArgs,
                extraApiServerArgs, ports);
    }

    public ControlPlaneOptions withStartTimeout(Duration timeout) {
        return new ControlPlaneOptions(version, assetsDir, runsDir, timeout, stopTimeout, users, extraEtcdArgs,
                extraApiServerArgs, ports);
    }

    public ControlPlaneOptions withUsers(List<String> names) {
        return new ControlPlaneOptions(version, assetsDir, runsDir, startTimeout, stopTimeout, names, extraEtcdArgs,
                extraApiServerArgs, ports);
    }

    public ControlPlaneOptions withExtraEtcdArgs(String... args) {
        return new ControlPlaneOptions(version, assetsDir, runsDir, startTimeout, stopTimeout, users, List.of(args),
                extraApiServerArgs, ports);
    }

    public ControlPlaneOptions withExtraApiServerArgs(String... args) {
        return new ControlPlaneOptions(version, assetsDir, runsDir, startTimeout, stopTimeout, users, extraEtcdArgs,
                List.of(args), ports);
    }

    public ControlPlaneOptions withPorts(IntSupplier portSource) {
        return new ControlPlaneOptions(version, assetsDir, runsDir, startTimeout, stopTimeout, users, extraEtcdArgs,
                extraApiServerArgs, portSource);
    }
}
