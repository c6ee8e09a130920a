package dev.plumbline.controlplane;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * How a {@link LocalControlPlane} is located and started.
 *
 * @param version            Kubernetes release to run: an exact version ({@code 1.37.2}), {@code newest} (the release
 *                           {@code scripts/provision-envtest.sh} resolved and recorded in {@code <cacheRoot>/newest})
 *                           or {@code oldest} ({@value #OLDEST}); names the cache folder {@code <cacheRoot>/<version>/}
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
 * @param controllerManager  also start {@code kube-controller-manager} (where the assets have one: the Go-built
 *                           releases do, the Debian-built 1.20.2 does not); starting fails if asked for and absent
 */
public record ControlPlaneOptions(String version, Path assetsDir, Path runsDir, Duration startTimeout,
                                  Duration stopTimeout, List<String> users, List<String> extraEtcdArgs,
                                  List<String> extraApiServerArgs, IntSupplier ports, boolean controllerManager) {

    public static final String VERSION_PROPERTY = "plumbline.envtest.version";
    public static final String DEFAULT_VERSION = "newest";
    public static final String NEWEST = "newest";
    public static final String OLDEST_ALIAS = "oldest";
    /** The oldest supported release, built from Debian 12's packages. */
    public static final String OLDEST = "1.20.2";
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
                List.of(LIMITED_USER), List.of(), List.of(), LoopbackPorts::free, false);
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

    /**
     * The exact release {@link #version()} names: {@code oldest} is {@value #OLDEST}; {@code newest} is what the
     * provisioning script recorded in {@code <cacheRoot>/newest} (its first line), or stays {@code newest} when
     * nothing was provisioned yet (the asset lookup then names the script to run).
     */
    public String resolvedVersion() {
        return resolve(version);
    }

    /** See {@link #resolvedVersion()}. */
    public static String resolve(String version) {
        if (OLDEST_ALIAS.equals(version)) {
            return OLDEST;
        }
        if (!NEWEST.equals(version)) {
            return version;
        }
        return NewestRecord.read(cacheRoot()).map(NewestRecord::version).orElse(NEWEST);
    }

    public ControlPlaneOptions withAssetsDir(Path dir) {
        return new ControlPlaneOptions(version, dir, runsDir, startTimeout, stopTimeout, users, extraEtcdArgs,
                extraApiServerArgs, ports, controllerManager);
    }

    public ControlPlaneOptions withRunsDir(Path dir) {
        return new ControlPlaneOptions(version, assetsDir, dir, startTimeout, stopTimeout, users, extraEtcdArgs,
                extraApiServerArgs, ports, controllerManager);
    }

    public ControlPlaneOptions withStartTimeout(Duration timeout) {
        return new ControlPlaneOptions(version, assetsDir, runsDir, timeout, stopTimeout, users, extraEtcdArgs,
                extraApiServerArgs, ports, controllerManager);
    }

    public ControlPlaneOptions withUsers(List<String> names) {
        return new ControlPlaneOptions(version, assetsDir, runsDir, startTimeout, stopTimeout, names, extraEtcdArgs,
                extraApiServerArgs, ports, controllerManager);
    }

    public ControlPlaneOptions withExtraEtcdArgs(String... args) {
        return new ControlPlaneOptions(version, assetsDir, runsDir, startTimeout, stopTimeout, users, List.of(args),
                extraApiServerArgs, ports, controllerManager);
    }

    public ControlPlaneOptions withExtraApiServerArgs(String... args) {
        return new ControlPlaneOptions(version, assetsDir, runsDir, startTimeout, stopTimeout, users, extraEtcdArgs,
                List.of(args), ports, controllerManager);
    }

    public ControlPlaneOptions withPorts(IntSupplier portSource) {
        return new ControlPlaneOptions(version, assetsDir, runsDir, startTimeout, stopTimeout, users, extraEtcdArgs,
                extraApiServerArgs, portSource, controllerManager);
    }

    public ControlPlaneOptions withControllerManager(boolean start) {
        return new ControlPlaneOptions(version, assetsDir, runsDir, startTimeout, stopTimeout, users, extraEtcdArgs,
                extraApiServerArgs, ports, start);
    }
}
