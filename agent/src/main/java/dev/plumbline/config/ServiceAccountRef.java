package dev.plumbline.config;

import io.micronaut.context.exceptions.ConfigurationException;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The ServiceAccount an environment's requests impersonate ({@code plumbline.environments.<env>.service-account}):
 * {@code name} in the agent's state namespace, or {@code namespace/name}. The namespace comes from the operator's
 * configuration only, never from Git: a Git writer must not be able to pick a more privileged ServiceAccount.
 */
public record ServiceAccountRef(String namespace, String name) {

    /** A DNS-1123 label (namespace) or subdomain (ServiceAccount name), as the API server requires. */
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    /**
     * @param value            {@code name} or {@code namespace/name}
     * @param defaultNamespace the agent's state namespace ({@code plumbline.state-namespace})
     * @throws ConfigurationException naming {@code where} when {@code value} is not a ServiceAccount reference
     */
    public static ServiceAccountRef parse(String where, String value, String defaultNamespace) {
        String text = value == null ? "" : value.strip();
        int slash = text.indexOf('/');
        String namespace = slash < 0 ? defaultNamespace : text.substring(0, slash);
        String name = text.substring(slash + 1);
        if (namespace == null || !LABEL.matcher(namespace).matches() || !SUBDOMAIN.matcher(name).matches()) {
            throw new ConfigurationException(where + " read failed: expected a ServiceAccount name or namespace/name, got '"
                    + text + "'");
        }
        return new ServiceAccountRef(namespace, name);
    }

    /** The user the API server authenticates a ServiceAccount's token as. */
    public String username() {
        return "system:serviceaccount:" + namespace + ":" + name;
    }

    /** The groups the API server gives a ServiceAccount's token: impersonating the user alone would give none. */
    public List<String> groups() {
        return List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated");
    }

    @Override
    public String toString() {
        return "ServiceAccount/" + namespace + "/" + name;
    }
}
