package dev.plumbline.render;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.marcnuri.helm.Helm;
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
    private static final Object LOCK = new Object();

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
     *
     * @param chart          a chart folder or a packaged {@code .tgz}
     * @param clusterVersion the target cluster's version from discovery, or null (offline)
     */
    static List<Part> render(Path chart, String chartName, Kustomization.HelmChart spec, Path valuesFile,
                             String clusterVersion) throws TemplateException {
        String crds = null;
        String manifests;
        try {
            synchronized (LOCK) {
                TemplateCommand command = new Helm(chart).template()
                        .withName(spec.releaseName() == null || spec.releaseName().isEmpty() ? DEFAULT_RELEASE
                                : spec.releaseName())
                        .withNamespace(spec.namespace() == null || spec.namespace().isEmpty() ? DEFAULT_NAMESPACE
                                : spec.namespace());
                if (valuesFile != null) {
                    command = command.withValuesFile(valuesFile);
                }
                String kubeVersion = spec.kubeVersion() != null && !spec.kubeVersion().isEmpty() ? spec.kubeVersion()
                        : clusterVersion; // the entry's field wins; else the target cluster's; else Helm's default
                if (kubeVersion != null && !kubeVersion.isEmpty()) {
                    command = command.withKubeVersion(kubeVersion);
                }
                manifests = command.call();
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
