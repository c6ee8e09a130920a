package dev.plumbline.state;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The namespace Plumbline's state objects live in, their labels, and the environment-name rule. One instance per
 * store; {@link #ensure()} creates the namespace once. Errors are Fabric8's: each store wraps them in its own
 * exception, naming what it was doing.
 */
public final class StateNamespace {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    /** What a state object holds: {@code inventory}, {@code history}, {@code control}. */
    public static final String STATE = "plumbline.dev/state";
    /** The environment a state object belongs to. */
    public static final String STATE_OF = "plumbline.dev/state-of";

    /** Why an environment name was refused. */
    public static final String ENVIRONMENT_RULE =
            "an environment name must be a DNS-1123 label (lowercase letters, digits, '-', at most 63 characters)";

    /** A label value and part of object names: a DNS-1123 label. */
    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final KubernetesClient client;
    private final String name;
    private volatile boolean ready;

    public StateNamespace(KubernetesClient client, String name) {
        this.client = client;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** {@code ConfigMap/<namespace>/<name>}, for messages. */
    public String describe(String configMap) {
        return "ConfigMap/" + name + "/" + configMap;
    }

    public static boolean validEnvironment(String environment) {
        return environment != null && ENVIRONMENT_NAME.matcher(environment).matches();
    }

    /** The labels of a state object holding {@code state} of {@code environment}. */
    public static Map<String, String> labels(String state, String environment) {
        return Map.of(MANAGED_BY, "plumbline", STATE, state, STATE_OF, environment);
    }

    /**
     * Creates the namespace if it is missing (once per instance; a racing creator's 409 is fine).
     *
     * @throws KubernetesClientException when it can neither be read nor created
     */
    public void ensure() {
        if (ready) {
            return;
        }
        if (client.namespaces().withName(name).get() == null) {
            try {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                        .withLabels(Map.of(MANAGED_BY, "plumbline")).endMetadata().build()).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
        ready = true;
    }
}
