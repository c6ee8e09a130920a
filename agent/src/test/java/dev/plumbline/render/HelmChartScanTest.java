package dev.plumbline.render;

import dev.plumbline.testing.Trees;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a chart's templates read of {@code .Capabilities} and whether they call {@code lookup}: from a chart folder,
 * and from the same chart packaged by Helm (a pulled chart is a {@code .tgz}), so both take the same render path.
 */
class HelmChartScanTest {

    private static final Path CHART = Fixtures.dir("helm/apiversions").resolve("manifests/caps/charts/caps");

    @TempDir
    Path work;

    @Test
    void aChartTestingApiVersionsWithHasReadsThemAndListsNothing() throws IOException {
        for (Path chart : new Path[] {CHART, packaged(CHART)}) {
            assertThat(HelmChartScan.scan(chart)).as(chart.toString()).isEqualTo(new HelmChartScan.Result(true, false, true, null, 0));
        }
        assertThat(HelmChartScan.scan(HelmFixtures.CHART)).isEqualTo(new HelmChartScan.Result(false, false, false, null, 0));
    }

    @Test
    void listingTheVersionsOrCallingLookupIsFoundInAFolderAndInAPackage() throws IOException {
        Path chart = work.resolve("src/caps");
        Trees.copy(CHART, chart);
        Files.writeString(chart.resolve("templates/_list.tpl"), """
                {{- define "caps.all" -}}
                {{- /* a helper, as real charts put it */ -}}
                {{ toYaml $.Capabilities }}
                {{- end }}
                {{- define "caps.secret" -}}{{ lookup "v1" "Secret" "ns" "x" }}{{- end }}
                """);
        for (Path c : new Path[] {chart, packaged(chart)}) {
            assertThat(HelmChartScan.scan(c)).as(c.toString())
                    .isEqualTo(new HelmChartScan.Result(true, true, true, "caps/templates/_list.tpl", 3));
        }
    }

    private Path packaged(Path chart) throws IOException {
        Path out = Files.createDirectories(work.resolve("out-" + chart.getParent().getFileName()));
        new Helm(chart).packageIt().withDestination(out).call();
        try (Stream<Path> files = Files.list(out)) {
            return files.filter(p -> p.toString().endsWith(".tgz")).findFirst().orElseThrow();
        }
    }
}
