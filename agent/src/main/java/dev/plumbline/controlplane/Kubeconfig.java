package dev.plumbline.controlplane;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the kubeconfig of a local control plane: one cluster, one user and one context per token user; the
 * admin's context is current. TLS verification uses the CA kube-apiserver generated in its cert dir when that
 * file exists, else {@code insecure-skip-tls-verify} (loopback only).
 */
final class Kubeconfig {

    static final String CLUSTER = "plumbline-local";

    private Kubeconfig() {
    }

    static void write(Path file, String server, String caData, String adminUser, Map<String, String> tokens) {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: v1
                kind: Config
                preferences: {}
                clusters:
                - name: %s
                  cluster:
                    server: %s
                """.formatted(CLUSTER, server));
        yaml.append(caData == null ? "    insecure-skip-tls-verify: true\n"
                : "    certificate-authority-data: " + caData + "\n");
        yaml.append("users:\n");
        tokens.forEach((user, token) -> yaml.append("- name: ").append(user).append("\n  user:\n    token: ")
                .append(token).append('\n'));
        yaml.append("contexts:\n");
        tokens.keySet().forEach(user -> yaml.append("- name: ").append(context(user, adminUser))
                .append("\n  context:\n    cluster: ").append(CLUSTER).append("\n    user: ").append(user)
                .append('\n'));
        yaml.append("current-context: ").append(CLUSTER).append('\n');
        try {
            Files.writeString(file, yaml);
            Credentials.ownerOnly(file); // it holds the admin token
        } catch (IOException e) {
            throw new ControlPlaneException("kubeconfig " + file + " write failed: " + e.getMessage(), e);
        }
    }

    /** The admin's context is named after the cluster; every other user's context after the user. */
    static String context(String user, String adminUser) {
        return user.equals(adminUser) ? CLUSTER : user;
    }
}
