package dev.plumbline.render;

import dev.plumbline.resource.RepoTree;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a kustomization's {@code helmCharts} and {@code helmGlobals} into {@link Kustomization.HelmChart}s, with
 * file:line errors. Fields follow Kustomize's HelmChartInflationGenerator (what {@code kubectl kustomize
 * --enable-helm} reads); the ones the in-JVM renderer cannot honour are refused by name rather than ignored.
 */
final class HelmChartParser {

    /** Kustomize's default {@code helmGlobals.chartHome}. */
    static final String DEFAULT_CHART_HOME = "charts";
    /** A DNS-subdomain group and a Kubernetes version name, or a bare core version. */
    private static final Pattern API_VERSION = Pattern.compile(
            "(?:[a-z0-9]([-a-z0-9]*[a-z0-9])?(?:\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?v[0-9]+(?:(?:alpha|beta)[0-9]+)?");
    static final Set<String> MERGES = Set.of("override", "merge", "replace");

    private static final Set<String> FIELDS = Set.of("name", "repo", "version", "releaseName", "namespace",
            "valuesFile", "valuesInline", "valuesMerge", "includeCRDs", "kubeVersion", "apiVersions", "skipHooks",
            "skipTests");
    private static final String RENDERER = " is not supported by Plumbline's in-JVM Helm renderer (see docs/rendering.md)";
    private static final Map<String, String> TARGETED = Map.of(
            "additionalValuesFiles", "`additionalValuesFiles` in helmCharts" + RENDERER + ": merge them into `valuesFile`",
            "nameTemplate", "`nameTemplate` in helmCharts" + RENDERER + ": use `releaseName`",
            "debug", "`debug` in helmCharts" + RENDERER);

    private HelmChartParser() {
    }

    static List<Kustomization.HelmChart> charts(Fields f, String dir) {
        String chartHome = chartHome(f, dir);
        List<Kustomization.HelmChart> out = new ArrayList<>();
        for (Fields chart : f.objects("helmCharts", "a helmCharts entry")) {
            chart.checkKeys(FIELDS, TARGETED);
            String name = chart.string("name");
            if (name == null || name.isEmpty() || name.contains("/") || name.equals("..")) {
                chart.error("name", "a helmCharts entry needs a chart name (one path segment)");
                continue;
            }
            String repo = repo(chart);
            String version = chart.string("version");
            if (chart.has("repo") && repo != null && (version == null || version.isEmpty())) {
                chart.error("repo", "chart " + name + " from " + repo + " needs a `version`: a GitOps render pins "
                        + "the chart it pulls");
                continue;
            }
            String merge = chart.string("valuesMerge");
            if (merge != null && !MERGES.contains(merge)) {
                chart.error("valuesMerge", "valuesMerge must be one of override, merge, replace, not " + merge);
            }
            Fields inline = chart.object("valuesInline", "valuesInline");
            if (chartHome == null || (chart.has("repo") && repo == null)) {
                continue;
            }
            out.add(new Kustomization.HelmChart(name, chartHome, repo, version, chart.string("releaseName"),
                    chart.string("namespace"), chart.string("valuesFile"), inline == null ? null : inline.raw(),
                    merge == null ? "override" : merge, Boolean.TRUE.equals(chart.bool("includeCRDs")),
                    chart.string("kubeVersion"), apiVersions(chart), Boolean.TRUE.equals(chart.bool("skipHooks")),
                    Boolean.TRUE.equals(chart.bool("skipTests")), chart.line()));
        }
        return out;
    }

    /**
     * {@code apiVersions} ({@code helm template --api-versions}): each {@code group/version}, or {@code v1} for the core
     * group. Helm also takes {@code group/version/Kind}, but discovery cannot list a kind without its group version,
     * so such an entry could not render as {@code helm template} does: refused by name.
     */
    private static List<String> apiVersions(Fields chart) {
        List<String> out = new ArrayList<>();
        for (Kustomization.Entry entry : chart.strings("apiVersions")) {
            if (!API_VERSION.matcher(entry.value()).matches()) {
                chart.errorAt(entry.line(), "apiVersions entry " + entry.value() + " must read "
                        + "group/version (e.g. monitoring.coreos.com/v1), or v1 for the core group; group/version/Kind "
                        + "entries are not supported by Plumbline's in-JVM Helm renderer");
            } else {
                out.add(entry.value());
            }
        }
        return List.copyOf(out);
    }

    /** {@code helmGlobals.chartHome} as a repository folder in or below {@code dir}, or null (recorded). */
    private static String chartHome(Fields f, String dir) {
        Fields globals = f.object("helmGlobals", "helmGlobals");
        String home = DEFAULT_CHART_HOME;
        if (globals != null) {
            globals.checkKeys(Set.of("chartHome"), Map.of("configHome", "`configHome` in helmGlobals" + RENDERER
                    + ": no helm binary runs, so there is no Helm configuration"));
            String set = globals.string("chartHome");
            home = set == null || set.isEmpty() ? home : set;
        }
        String path;
        try {
            path = home.startsWith("/") ? null : RepoTree.resolve(dir, home);
        } catch (RepoTree.RepoPathException e) {
            path = null;
        }
        if (path == null || (!dir.isEmpty() && !path.equals(dir) && !path.startsWith(dir + "/"))) {
            (globals != null ? globals : f).error(globals != null ? "chartHome" : "helmCharts", "chartHome " + home
                    + " must be a folder in or below " + dir + " (Kustomize loads chart values only from the "
                    + "kustomization's own folder)");
            return null;
        }
        return path;
    }

    /** The HTTP(S) repository URL without a trailing slash, or null (an error when set but not HTTP(S)). */
    private static String repo(Fields chart) {
        String repo = chart.string("repo");
        if (repo == null || repo.isEmpty()) {
            return null;
        }
        if (repo.startsWith("oci://") && !repo.matches("oci://[^/@\\s]+(/[^/@\\s]+)*/?")) {
            chart.error("repo", "an OCI chart repository must read oci://host[:port]/path (the chart is `name`; no "
                    + "user info: the operator configures credentials in the chart credentials file)");
            return null;
        }
        if (repo.matches("(?i)https?://[^/]*@.*")) {
            chart.error("repo", "chart repository URL must not hold credentials: they would be printed in messages "
                    + "and annotations; the operator configures them in the chart credentials file "
                    + "(-Dplumbline.render.chart-credentials)");
            return null;
        }
        if (!repo.startsWith("https://") && !repo.startsWith("http://") && !repo.startsWith("oci://")) {
            chart.error("repo", "chart repository " + repo + " must be an http://, https:// or oci:// URL");
            return null;
        }
        return repo.endsWith("/") ? repo.substring(0, repo.length() - 1) : repo;
    }
}
