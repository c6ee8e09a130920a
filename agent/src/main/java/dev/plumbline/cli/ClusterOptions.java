package dev.plumbline.cli;

import picocli.CommandLine.Option;

import dev.plumbline.config.EnvironmentLimits;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code --kubeconfig}, {@code --state-namespace}, {@code --instance} and the operator's limits
 * ({@code --allow-namespace}, {@code --allow-cluster-scoped}: what {@code plumbline.environments.<env>.*} sets for the
 * agent), shared by the commands that touch a cluster.
 */
public class ClusterOptions {

    @Option(names = "--kubeconfig", description = "kubeconfig file (default: $KUBECONFIG, ~/.kube/config, then in-cluster)")
    Path kubeconfig;

    @Option(names = "--state-namespace", defaultValue = "plumbline-system",
            description = "namespace holding Plumbline's inventory and history (default: ${DEFAULT-VALUE})")
    String stateNamespace;

    @Option(names = "--allow-namespace", paramLabel = "GLOB",
            description = "operator limit: namespaces (globs) the environment may touch; Git's restrictions only narrow it (repeatable)")
    List<String> allowNamespaces;

    @Option(names = "--allow-cluster-scoped", paramLabel = "KIND", split = ",",
            description = "operator limit: cluster-scoped kinds the environment may apply, by discovery (repeatable; '' for none)")
    List<String> allowClusterScoped;

    /** The limits these flags set; none without flags. */
    EnvironmentLimits limits() {
        List<String> kinds = allowClusterScoped == null ? null : allowClusterScoped.stream().filter(k -> !k.isBlank()).toList();
        return new EnvironmentLimits(allowNamespaces, kinds, false);
    }

    @Option(names = "--instance", defaultValue = "",
            description = "the agent instance (plumbline.instance) whose environments this command may sync (default: none)")
    String instance;
}
