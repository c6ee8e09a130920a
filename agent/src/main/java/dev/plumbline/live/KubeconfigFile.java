package dev.plumbline.live;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Context;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.Preferences;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A kubeconfig file read into Fabric8's client {@link Config}, as {@link Config#fromKubeconfig(File)} does, without its
 * cost for the usual file. Fabric8 reads the YAML (snakeyaml-engine) and converts it into its typed kubeconfig model
 * with Jackson, and building Jackson's deserializers for that model (and the Kubernetes deserializer its
 * {@code extensions} need, which registers every model class) took about 0.2 CPU-seconds of a one-shot command's
 * start (docs/decisions/0044-one-shot-start-work.md).
 *
 * <p>Here the same YAML reader fills the same model objects directly, and Fabric8's own
 * {@link KubeConfigUtils#merge} turns them into the client configuration, exactly as {@code fromKubeconfig} does
 * after its parse. Only the fields named below are read; a file with anything else (an {@code exec} or
 * {@code auth-provider} credential plugin, impersonation, extensions, a proxy, an unknown key, a value of another type,
 * several documents) goes through Fabric8's own reader unchanged, errors included.
 */
final class KubeconfigFile {

    private static final Set<String> TOP = Set.of("apiVersion", "kind", "clusters", "contexts", "users", "current-context", "preferences");
    private static final Set<String> CLUSTER = Set.of("server", "certificate-authority", "certificate-authority-data",
            "insecure-skip-tls-verify", "tls-server-name");
    private static final Set<String> CONTEXT = Set.of("cluster", "user", "namespace");
    private static final Set<String> USER = Set.of("client-certificate", "client-certificate-data", "client-key",
            "client-key-data", "token", "tokenFile", "username", "password");

    /** The keys {@code KubeConfigUtils.parseConfig} adds to each entry, naming the file it came from (relative paths). */
    private static final String CONTEXT_FILE = "KUBERNETES_CONFIG_CONTEXT_FILE_KEY";
    private static final String CLUSTER_FILE = "KUBERNETES_CONFIG_CLUSTER_FILE_KEY";
    private static final String AUTH_INFO_FILE = "KUBERNETES_CONFIG_AUTH_INFO_FILE_KEY";

    private KubeconfigFile() {
    }

    /** The client configuration of {@code file}'s current context, as {@link Config#fromKubeconfig(File)} gives it. */
    static Config load(File file) {
        io.fabric8.kubernetes.api.model.Config model = model(file);
        if (model == null) {
            return Config.fromKubeconfig(file);
        }
        Config config = Config.empty();
        KubeConfigUtils.merge(config, null, model);
        return config;
    }

    /**
     * {@code file} in Fabric8's kubeconfig model, equal to what {@code KubeConfigUtils.parseConfig(file)} returns;
     * {@code null} when the file holds anything this reader leaves to Fabric8's (or cannot be read: Fabric8 says why).
     */
    static io.fabric8.kubernetes.api.model.Config model(File file) {
        Object document;
        try (InputStream in = Files.newInputStream(file.toPath())) {
            Iterator<Object> documents = new Load(LoadSettings.builder().build()).loadAllFromInputStream(in).iterator();
            document = documents.hasNext() ? documents.next() : null;
            if (documents.hasNext()) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (!(document instanceof Map<?, ?> top) || !known(top, TOP) || !emptyOrAbsent(top.get("preferences"))) {
            return null;
        }
        io.fabric8.kubernetes.api.model.Config config = new io.fabric8.kubernetes.api.model.Config();
        try {
            stringIfPresent(top, "apiVersion", config::setApiVersion);
            stringIfPresent(top, "kind", config::setKind);
            stringIfPresent(top, "current-context", config::setCurrentContext);
            listIfPresent(top, "clusters", entry -> {
                NamedCluster named = new NamedCluster();
                named.setCluster(cluster(body(entry, "cluster", CLUSTER, named::setName)));
                named.setAdditionalProperty(CLUSTER_FILE, file);
                return named;
            }, config::setClusters);
            listIfPresent(top, "contexts", entry -> {
                NamedContext named = new NamedContext();
                named.setContext(context(body(entry, "context", CONTEXT, named::setName)));
                named.setAdditionalProperty(CONTEXT_FILE, file);
                return named;
            }, config::setContexts);
            listIfPresent(top, "users", entry -> {
                NamedAuthInfo named = new NamedAuthInfo();
                named.setUser(user(body(entry, "user", USER, named::setName)));
                named.setAdditionalProperty(AUTH_INFO_FILE, file);
                return named;
            }, config::setUsers);
            if (top.get("preferences") instanceof Map<?, ?>) {
                config.setPreferences(new Preferences()); // as Jackson reads "preferences: {}"
            }
        } catch (Unsupported e) {
            return null;
        }
        return config;
    }

    private static Cluster cluster(Map<?, ?> m) {
        Cluster c = new Cluster();
        stringIfPresent(m, "server", c::setServer);
        stringIfPresent(m, "certificate-authority", c::setCertificateAuthority);
        stringIfPresent(m, "certificate-authority-data", c::setCertificateAuthorityData);
        stringIfPresent(m, "tls-server-name", c::setTlsServerName);
        if (m.containsKey("insecure-skip-tls-verify")) {
            if (!(m.get("insecure-skip-tls-verify") instanceof Boolean b)) {
                throw new Unsupported();
            }
            c.setInsecureSkipTlsVerify(b);
        }
        return c;
    }

    private static Context context(Map<?, ?> m) {
        Context c = new Context();
        stringIfPresent(m, "cluster", c::setCluster);
        stringIfPresent(m, "user", c::setUser);
        stringIfPresent(m, "namespace", c::setNamespace);
        return c;
    }

    private static AuthInfo user(Map<?, ?> m) {
        AuthInfo a = new AuthInfo();
        stringIfPresent(m, "client-certificate", a::setClientCertificate);
        stringIfPresent(m, "client-certificate-data", a::setClientCertificateData);
        stringIfPresent(m, "client-key", a::setClientKey);
        stringIfPresent(m, "client-key-data", a::setClientKeyData);
        stringIfPresent(m, "token", a::setToken);
        stringIfPresent(m, "tokenFile", a::setTokenFile);
        stringIfPresent(m, "username", a::setUsername);
        stringIfPresent(m, "password", a::setPassword);
        return a;
    }

    /** One {@code - name: x; <field>: {...}} entry: sets its name, answers its {@code field} map (known keys only). */
    private static Map<?, ?> body(Object entry, String field, Set<String> keys, Consumer<String> name) {
        if (!(entry instanceof Map<?, ?> m) || !known(m, Set.of("name", field))
                || !(m.get(field) instanceof Map<?, ?> body) || !known(body, keys)) {
            throw new Unsupported();
        }
        stringIfPresent(m, "name", name);
        return body;
    }

    private static <N> void listIfPresent(Map<?, ?> m, String key, Function<Object, N> each, Consumer<List<N>> set) {
        if (!m.containsKey(key)) {
            return;
        }
        if (!(m.get(key) instanceof List<?> items)) {
            throw new Unsupported();
        }
        List<N> out = new ArrayList<>(items.size());
        items.forEach(item -> out.add(each.apply(item)));
        set.accept(out);
    }

    /** Sets a string field; a null or another type (Jackson would coerce or reject it) is left to Fabric8's reader. */
    private static void stringIfPresent(Map<?, ?> m, String key, Consumer<String> set) {
        if (!m.containsKey(key)) {
            return;
        }
        if (!(m.get(key) instanceof String s)) {
            throw new Unsupported();
        }
        set.accept(s);
    }

    private static boolean known(Map<?, ?> m, Set<String> keys) {
        return m.keySet().stream().allMatch(k -> k instanceof String s && keys.contains(s));
    }

    private static boolean emptyOrAbsent(Object preferences) {
        return preferences == null || preferences instanceof Map<?, ?> p && p.isEmpty();
    }

    /** Something this reader leaves to Fabric8's. */
    private static final class Unsupported extends RuntimeException {
        Unsupported() {
            super(null, null, false, false);
        }
    }
}
