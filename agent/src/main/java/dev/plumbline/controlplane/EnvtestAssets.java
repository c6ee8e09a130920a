package dev.plumbline.controlplane;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The executables of an envtest folder: {@code kube-apiserver} and {@code etcd}, and {@code kube-controller-manager}
 * where the folder has one ({@code null} otherwise: the Debian-built 1.20.2 has none).
 */
record EnvtestAssets(Path apiServer, Path etcd, Path controllerManager) {

    static final String ASSETS_ENV = "KUBEBUILDER_ASSETS";

    /** Explicit option, else {@code $KUBEBUILDER_ASSETS}, else the cache folder of the version. */
    static EnvtestAssets locate(ControlPlaneOptions options) {
        Path dir = options.assetsDir();
        String source = "ControlPlaneOptions.assetsDir";
        if (dir == null && System.getenv(ASSETS_ENV) != null && !System.getenv(ASSETS_ENV).isBlank()) {
            dir = Path.of(System.getenv(ASSETS_ENV));
            source = "$" + ASSETS_ENV;
        }
        if (dir == null) {
            dir = ControlPlaneOptions.cacheRoot().resolve(options.resolvedVersion());
            source = "the envtest cache, version " + options.version();
        }
        Path manager = dir.resolve("kube-controller-manager");
        return new EnvtestAssets(require(dir.resolve("kube-apiserver"), source),
                require(dir.resolve("etcd"), source), Files.isExecutable(manager) ? manager : null);
    }

    private static Path require(Path binary, String source) {
        if (!Files.isRegularFile(binary) || !Files.isExecutable(binary)) {
            throw new ControlPlaneException(binary.getFileName() + " lookup failed: no executable " + binary
                    + " (from " + source + "); run scripts/provision-envtest.sh or set $" + ASSETS_ENV
                    + " to a folder holding kube-apiserver and etcd");
        }
        return binary;
    }
}
