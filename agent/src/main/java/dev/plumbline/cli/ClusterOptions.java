package dev.plumbline.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --kubeconfig}, {@code --state-namespace} and {@code --instance}, shared by the commands that touch a cluster. */
public class ClusterOptions {

    @Option(names = "--kubeconfig", description = "kubeconfig file (default: $KUBECONFIG, ~/.kube/config, then in-cluster)")
    Path kubeconfig;

    @Option(names = "--state-namespace", defaultValue = "plumbline-system",
            description = "namespace holding Plumbline's inventory and history (default: ${DEFAULT-VALUE})")
    String stateNamespace;

    @Option(names = "--instance", defaultValue = "",
            description = "the agent instance (plumbline.instance) whose environments this command may sync (default: none)")
    String instance;
}
