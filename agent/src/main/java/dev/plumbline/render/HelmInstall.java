package dev.plumbline.render;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.TemplateCommand;

/**
 * A chart rendered with a chosen {@code .Capabilities.APIVersions}, which helm-java 0.0.21's {@code template} cannot
 * set: Helm's {@code install} (not client-only) takes its capabilities from the API server's discovery, so it is
 * pointed at a {@link HelmDiscovery} that answers exactly the chosen set. The manifest is the one Helm stores in the
 * release Secret; it is the same {@code rel.Manifest} that {@code template} prints, so the output is byte for byte
 * what {@code helm template --api-versions} prints for the same version set (HelmApiVersionsTest compares them).
 *
 * <p>Helm's REST mapping of the rendered objects needs every kind in discovery, but a kind added to the
 * capabilities would change {@code .Capabilities.APIVersions.Has "g/v/Kind"}; the kinds are therefore served only in
 * the discovery rounds after the capabilities round: first the kinds of a {@code template} pass, then any kind Helm
 * names as unmapped (one more render each).
 */
final class HelmInstall {

    /** Helm's client-only defaults, as the bundled SDK has them: {@code .Capabilities} of a {@code helm template}. */
    record Defaults(HelmDiscovery.KubeVersion kubeVersion, List<String> apiVersions) {
    }

    /**
     * What Helm stored for the release: {@code rel.Manifest}, trimmed and ended as {@code helm template} prints it,
     * and {@code rel.Hooks} in Helm's order (install order of kinds, then template path: {@code SortManifests}).
     */
    record Release(String manifest, List<Hook> hooks) {

        /**
         * What {@code helm template [--no-hooks] [--skip-tests]} prints: the manifest, then each hook as
         * {@code ---\n# Source: <path>\n<manifest>\n} (Helm 3's {@code cmd/helm/template.go}).
         */
        String output(boolean skipHooks, boolean skipTests) {
            StringBuilder out = new StringBuilder(manifest);
            for (Hook hook : skipHooks ? List.<Hook>of() : hooks) {
                if (!(skipTests && hook.test())) {
                    out.append("---\n# Source: ").append(hook.path()).append('\n').append(hook.manifest()).append('\n');
                }
            }
            return out.toString();
        }
    }

    /** One of {@code rel.Hooks}: its template path, its manifest, and whether it is a test ({@code test} event). */
    record Hook(String path, String manifest, boolean test) {
    }

    private static final Pattern UNMAPPED = Pattern.compile("no matches for kind \"([^\"]+)\" in version \"([^\"]+)\"");
    private static final Pattern API_VERSION = Pattern.compile("(?m)^apiVersion:\\s*[\"']?([^\\s\"'#]+)");
    private static final Pattern KIND = Pattern.compile("(?m)^kind:\\s*[\"']?([^\\s\"'#]+)");
    private static final int MAX_RENDERS = 32;
    private static final String PROBE = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: probe
            data:
              probe: |
                kube {{ .Capabilities.KubeVersion.Version }} {{ .Capabilities.KubeVersion.Major }} {{ .Capabilities.KubeVersion.Minor }}
            {{- range .Capabilities.APIVersions }}
                api {{ . }}
            {{- end }}
            """;
    private static final Map<String, Defaults> PROBES = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    private HelmInstall() {
    }

    /** The capabilities {@code helm template [--kube-version v]} gives a chart; read from Helm once per JVM. */
    static Defaults defaults(String kubeVersion) {
        return PROBES.computeIfAbsent(kubeVersion == null ? "" : kubeVersion, HelmInstall::probe);
    }

    private static Defaults probe(String kubeVersion) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("plumbline-helm-probe-");
            Path chart = Files.createDirectories(dir.resolve("probe/templates")).getParent();
            Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: probe\nversion: 0.1.0\n");
            Files.writeString(chart.resolve("templates/probe.yaml"), PROBE);
            TemplateCommand command = new Helm(chart).template().withName("probe");
            String out = (kubeVersion.isEmpty() ? command : command.withKubeVersion(kubeVersion)).call();
            HelmDiscovery.KubeVersion version = null;
            List<String> apiVersions = new ArrayList<>();
            for (String line : out.split("\n")) {
                String l = line.strip();
                if (l.startsWith("kube ")) {
                    String[] f = l.split(" ");
                    version = new HelmDiscovery.KubeVersion(f[1], f[2], f[3]);
                } else if (l.startsWith("api ")) {
                    apiVersions.add(l.substring(4));
                }
            }
            if (version == null) {
                throw new IllegalStateException("Helm's capabilities probe printed no version: " + out);
            }
            return new Defaults(version, List.copyOf(apiVersions));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            HelmCharts.delete(dir);
        }
    }

    /**
     * The chart's release (manifest as {@code helm template} prints it, and hooks), with {@code .Capabilities}
     * exactly {@code version} and {@code apiVersions}. Caller holds Helm's lock.
     *
     * @param template the same chart's {@code template} output: its kinds seed Helm's REST mapping
     */
    static Release render(InstallCommand command, String namespace, HelmDiscovery.KubeVersion version,
                         List<String> apiVersions, String template) throws IOException {
        Set<String> kinds = kinds(template);
        for (int attempt = 0; attempt < MAX_RENDERS; attempt++) {
            try (HelmDiscovery server = new HelmDiscovery(version, apiVersions, kinds)) {
                RuntimeException failure = null;
                try {
                    command.withKubeConfigContents(server.kubeConfig(namespace)).call();
                } catch (RuntimeException e) {
                    failure = e;
                }
                if (server.release() != null) {
                    return release(server.release(), server.releaseType());
                }
                Matcher m = failure == null || failure.getMessage() == null ? null : UNMAPPED.matcher(failure.getMessage());
                if (m == null || !m.find() || !kinds.add(m.group(2) + "/" + m.group(1))) {
                    throw failure != null ? failure
                            : new IllegalStateException("Helm's install stored no release and reported no error");
                }
            }
        }
        throw new IllegalStateException("Helm's install still named unmapped kinds after " + MAX_RENDERS + " renders");
    }

    /** {@code group/version/Kind} of each document of a rendered manifest (flow-style documents are learned later). */
    static Set<String> kinds(String manifest) {
        Set<String> kinds = new LinkedHashSet<>();
        for (String doc : manifest.split("\n---")) {
            Matcher v = API_VERSION.matcher(doc);
            Matcher k = KIND.matcher(doc);
            if (v.find() && k.find()) {
                kinds.add(v.group(1) + "/" + k.group(1));
            }
        }
        return kinds;
    }

    /** The release from the release Secret's body (JSON, or Kubernetes protobuf as client-go sends it). */
    static Release release(byte[] secret, String contentType) throws IOException {
        byte[] release = contentType != null && contentType.contains("protobuf") ? HelmSecret.releaseField(secret)
                : Base64.getDecoder().decode(JSON.readTree(secret).path("data").path("release").asText());
        if (release == null) {
            throw new IOException("Helm's release Secret holds no release");
        }
        byte[] decoded = Base64.getDecoder().decode(release);
        if (decoded.length > 1 && (decoded[0] & 0xff) == 0x1f && (decoded[1] & 0xff) == 0x8b) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(decoded))) {
                decoded = in.readAllBytes();
            }
        }
        JsonNode node = JSON.readTree(new String(decoded, StandardCharsets.UTF_8));
        List<Hook> hooks = new ArrayList<>();
        for (JsonNode hook : node.path("hooks")) {
            boolean test = false;
            for (JsonNode event : hook.path("events")) {
                test |= event.asText().equals("test"); // Helm maps the Helm 2 name test-success to it when sorting
            }
            hooks.add(new Hook(hook.path("path").asText(), hook.path("manifest").asText(), test));
        }
        return new Release(node.path("manifest").asText("").strip() + "\n", List.copyOf(hooks));
    }
}
