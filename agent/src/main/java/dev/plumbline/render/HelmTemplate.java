package dev.plumbline.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.TemplateCommand;

/**
 * {@code helm template} in the JVM through helm-java (Helm's Go SDK as a native library: no helm binary, no
 * network for a chart on disk). Only the flags {@code kubectl kustomize --enable-helm} passes are used.
 */
final class HelmTemplate {

    /** Helm's default release name for {@code helm template} without a name. */
    static final String DEFAULT_RELEASE = "release-name";
    /** What {@code helm template} without {@code --namespace} gives {@code .Release.Namespace} (no kubeconfig). */
    static final String DEFAULT_NAMESPACE = "default";

    /** {@code template: chart/templates/x.yaml:12:3: ...}, {@code parse error at (chart/templates/x.yaml:2): ...}. */
    private static final Pattern LOCATION = Pattern.compile("([^\\s():]+/(?:templates|crds)/[^\\s():]+):(\\d+)");
    private static final String SOURCE = "# Source: ";

    /** Helm's SDK keeps process-wide settings; one render at a time keeps them from mixing. */
    static final Object LOCK = new Object();

    /** One rendered document group: the chart path it came from ({@code <chart>/templates/x.yaml}) and its YAML. */
    record Part(String source, String yaml) {
    }

    /** A failed render: Helm's message, and the {@code <chart>/templates/x.yaml} and line it names, if any. */
    static final class TemplateException extends Exception {
        final String template;
        final int line;

        TemplateException(String message, String template, int line) {
            super(message);
            this.template = template;
            this.line = line;
        }
    }

    private HelmTemplate() {
    }

    /**
     * The chart's manifests (its {@code crds/} first when {@code includeCRDs}, as {@code --include-crds} prints them).
     * {@code .Capabilities.APIVersions} is Helm's default set, or the target cluster's, plus the entry's
     * {@code apiVersions}; {@code .Capabilities.KubeVersion} the entry's {@code kubeVersion}, else the target
     * cluster's, else Helm's default.
     *
     * @param chart   a chart folder or a packaged {@code .tgz}
     * @param cluster the target cluster's discovery, or null (offline)
     */
    static List<Part> render(Path chart, String chartName, Kustomization.HelmChart spec, Path valuesFile,
                             KindScopes cluster) throws TemplateException {
        String crds = null;
        String manifests;
        try {
            synchronized (LOCK) {
                String kubeVersion = spec.kubeVersion() != null && !spec.kubeVersion().isEmpty() ? spec.kubeVersion()
                        : cluster == null ? null : cluster.kubeVersion();
                manifests = render(chart, spec, valuesFile, kubeVersion, cluster);
                if (spec.includeCRDs()) {
                    crds = new Helm(chart).show().crds().call();
                }
            }
        } catch (RuntimeException e) {
            throw failure(e);
        }
        List<Part> parts = new ArrayList<>();
        if (crds != null && !crds.isBlank() && !crds.strip().equals("null")) {
            parts.add(new Part(chartName + "/crds", crds));
        }
        parts.addAll(split(manifests, chartName));
        return parts;
    }

    static String template(Path chart, Kustomization.HelmChart spec, Path valuesFile, String kubeVersion) {
        TemplateCommand command = new Helm(chart).template().withName(release(spec)).withNamespace(namespace(spec));
        if (valuesFile != null) {
            command = command.withValuesFile(valuesFile);
        }
        if (kubeVersion != null && !kubeVersion.isEmpty()) {
            command = command.withKubeVersion(kubeVersion);
        }
        return command.call();
    }

    /**
     * {@code template}'s render, unless the chart must go through {@link HelmInstall}: its templates read
     * {@code .Capabilities.APIVersions} and the set is not Helm's default alone, or they call {@code lookup}, which
     * helm-java's {@code template} sends to whatever cluster the process's ambient kubeconfig (or in-cluster service
     * account) names, where {@code helm template} answers it with nothing; the render's own server answers nothing.
     * A chart that may render hooks (a {@code helm.sh/hook} annotation in its files or values, unless
     * {@code skipHooks}) goes there too: helm-java's {@code template} prints {@code rel.Manifest} only, and the stored
     * release carries the hooks. On that path a template listing the API versions is refused at its line (Helm lists
     * a discovered set in random order).
     */
    private static String render(Path chart, Kustomization.HelmChart spec, Path valuesFile, String kubeVersion,
                                 KindScopes cluster) throws TemplateException {
        HelmChartScan.Result scan;
        boolean hooks;
        try {
            scan = HelmChartScan.scan(chart);
            hooks = !spec.skipHooks() && (scan.namesHooks()
                    || valuesFile != null && Files.readString(valuesFile).contains(HelmChartScan.HOOK));
        } catch (IOException | RuntimeException e) {
            throw new TemplateException("chart read failed: " + e, null, 0);
        }
        boolean chosen = !spec.apiVersions().isEmpty() || cluster != null;
        boolean install = scan.callsLookup() || chosen && scan.readsApiVersions() || hooks;
        if (install && scan.unorderedTemplate() != null) {
            throw new TemplateException("the template lists .Capabilities.APIVersions (range, toYaml, or "
                    + ".Capabilities passed on), which Helm orders at random when the versions come from a cluster's "
                    + "discovery, `apiVersions`, for a chart that calls lookup, or for a chart with hooks (rendered "
                    + "through the same server; `skipHooks: true` leaves them out); only .Capabilities.APIVersions.Has "
                    + "is supported there",
                    scan.unorderedTemplate(), scan.unorderedLine());
        }
        if (!install) {
            return template(chart, spec, valuesFile, kubeVersion);
        }
        // the kinds of a template pass seed Helm's REST mapping; with lookup, template must not run at all
        String seed = scan.callsLookup() ? "" : template(chart, spec, valuesFile, kubeVersion);
        HelmInstall.Defaults defaults = HelmInstall.defaults(kubeVersion);
        List<String> clusterApiVersions = cluster == null || !scan.readsApiVersions() ? null : cluster.apiVersions();
        List<String> versions = new ArrayList<>(clusterApiVersions != null ? clusterApiVersions : defaults.apiVersions());
        versions.addAll(spec.apiVersions());
        try {
            return install(chart, spec, valuesFile, defaults.kubeVersion(), versions, seed)
                    .output(spec.skipHooks(), spec.skipTests());
        } catch (IOException e) {
            throw new TemplateException("chart render failed: " + e, null, 0);
        }
    }

    /** The chart rendered through {@link HelmInstall} with exactly these capabilities. Caller holds {@link #LOCK}. */
    static HelmInstall.Release install(Path chart, Kustomization.HelmChart spec, Path valuesFile,
                                       HelmDiscovery.KubeVersion version, List<String> apiVersions, String template)
            throws IOException {
        InstallCommand command = new Helm(chart).install().withName(release(spec)).withNamespace(namespace(spec))
                .skipCrds().disableOpenApiValidation();
        if (valuesFile != null) {
            command = command.withValuesFile(valuesFile);
        }
        return HelmInstall.render(command, namespace(spec), version, apiVersions, template);
    }

    private static String release(Kustomization.HelmChart spec) {
        return spec.releaseName() == null || spec.releaseName().isEmpty() ? DEFAULT_RELEASE : spec.releaseName();
    }

    private static String namespace(Kustomization.HelmChart spec) {
        return spec.namespace() == null || spec.namespace().isEmpty() ? DEFAULT_NAMESPACE : spec.namespace();
    }

    /** The chart's own {@code values.yaml} ({@code helm show values}). */
    static String values(Path chart) throws TemplateException {
        try {
            synchronized (LOCK) {
                String values = new Helm(chart).show().values().call();
                return values == null || values.strip().equals("null") ? "" : values;
            }
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    /** Helm's output cut at its {@code # Source:} comments, so every object is attributed to its template. */
    static List<Part> split(String output, String chartName) {
        List<Part> parts = new ArrayList<>();
        String source = chartName;
        StringBuilder current = new StringBuilder();
        for (String line : output.split("\n", -1)) {
            if (line.startsWith(SOURCE)) {
                if (!current.toString().isBlank()) {
                    parts.add(new Part(source, current.toString()));
                }
                current.setLength(0);
                source = line.substring(SOURCE.length()).strip();
            }
            current.append(line).append('\n');
        }
        if (!current.toString().isBlank()) {
            parts.add(new Part(source, current.toString()));
        }
        return parts;
    }

    private static TemplateException failure(RuntimeException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        message = message.replace("\n\nUse --debug flag to render out invalid YAML", "").strip();
        Matcher m = LOCATION.matcher(message);
        return m.find() ? new TemplateException(message, m.group(1), Integer.parseInt(m.group(2)))
                : new TemplateException(message, null, 0);
    }
}
