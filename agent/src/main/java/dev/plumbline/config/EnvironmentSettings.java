package dev.plumbline.config;

import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.type.Argument;
import io.micronaut.core.value.PropertyResolver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code plumbline.environments} in either form: the list {@code [a, b]} (no limits beyond the agent's RBAC), or a map
 * of environment to the operator's limits ({@link EnvironmentLimits}):
 * <pre>{@code
 * plumbline:
 *   environments:
 *     production:
 *       namespaces: [shop, shop-*]
 *       cluster-scoped: [Namespace]
 *       require-approval: true
 *       service-account: shop-deployer   # or namespace/name; a bare name lies in plumbline.state-namespace
 *     staging:
 *       require-approval: false   # an environment needs at least one key: an empty map is not a property
 * }</pre>
 * An unknown key is a start-up error naming it: a misspelt limit must not silently lift one. So is a
 * {@code service-account} that is not a ServiceAccount name (or {@code namespace/name}): an operator relying on it must
 * not run with the agent's own rights unknowingly.
 */
public final class EnvironmentSettings {

    private static final String PREFIX = "plumbline.environments";

    private final List<String> names;
    private final Map<String, EnvironmentLimits> limits;

    private EnvironmentSettings(List<String> names, Map<String, EnvironmentLimits> limits) {
        this.names = List.copyOf(names);
        this.limits = Map.copyOf(limits);
    }

    /** Reads both forms; the list form wins when {@code config} bound one (it binds only the list form). */
    public static EnvironmentSettings read(AgentConfig config, PropertyResolver resolver) {
        if (!config.getEnvironments().isEmpty()) {
            return new EnvironmentSettings(config.getEnvironments(), Map.of());
        }
        Map<String, Object> tree = resolver.getProperty(PREFIX, Argument.mapOf(String.class, Object.class)).orElse(Map.of());
        Map<String, EnvironmentLimits> limits = new TreeMap<>();
        tree.forEach((env, value) -> limits.put(env, limits(env, value)));
        return new EnvironmentSettings(new ArrayList<>(limits.keySet()), limits);
    }

    public List<String> names() {
        return names;
    }

    /** The operator's limits of the environments that have any. */
    public Map<String, EnvironmentLimits> limits() {
        return limits;
    }

    private static EnvironmentLimits limits(String env, Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new ConfigurationException(PREFIX + "." + env + " read failed: expected a map of limits, got " + value);
        }
        Map<String, Object> keys = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            String key = String.valueOf(k);
            if (!key.contains("[")) { // Micronaut adds namespaces[0], ... next to the list itself
                keys.put(key, v);
            }
        });
        List<String> namespaces = null;
        List<String> clusterScoped = null;
        boolean requireApproval = false;
        String serviceAccount = null;
        for (Map.Entry<String, Object> e : keys.entrySet()) {
            String where = PREFIX + "." + env + "." + e.getKey();
            switch (e.getKey()) {
                case "namespaces" -> namespaces = strings(e.getValue());
                case "cluster-scoped", "clusterScoped" -> clusterScoped = strings(e.getValue());
                case "service-account", "serviceAccount" -> serviceAccount = serviceAccount(where, e.getValue());
                case "require-approval", "requireApproval" -> requireApproval = bool(where, e.getValue());
                default -> throw new ConfigurationException(where + " read failed: unknown key; expected namespaces, "
                        + "cluster-scoped, service-account or require-approval");
            }
        }
        return new EnvironmentLimits(namespaces, clusterScoped, requireApproval, serviceAccount);
    }

    /** Checked now, so a typo stops the start; the bare name's namespace (the state namespace) is added later. */
    private static String serviceAccount(String where, Object value) {
        String text = String.valueOf(value).strip();
        ServiceAccountRef.parse(where, text, "default");
        return text;
    }

    private static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).map(String::strip).toList();
        }
        String text = String.valueOf(value).strip();
        return text.isEmpty() ? List.of() : List.of(text.split("\\s*,\\s*"));
    }

    private static boolean bool(String where, Object value) {
        String text = String.valueOf(value).strip();
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new ConfigurationException(where + " read failed: expected true or false, got " + text);
    }
}
