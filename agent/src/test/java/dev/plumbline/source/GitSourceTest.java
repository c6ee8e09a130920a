package dev.plumbline.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumbline.source.SourceException.Reason;

class GitSourceTest {

    @TempDir
    Path tmp;

    private final List<String> progress = Collections.synchronizedList(new ArrayList<>());
    private TestRepo origin;
    private RevCommit first;

    @BeforeEach
    void createOrigin() {
        origin = TestRepo.init(tmp.resolve("origin"));
        first = origin.commit("first: orders api\n\nlonger body", Map.of(
                "environments/prod/kustomization.yaml", "resources: [../../manifests/orders]\n",
                "manifests/orders/deployment.yaml", "replicas: 1\n"));
    }

    @AfterEach
    void closeOrigin() {
        origin.close();
    }

    private GitSource source(String url) {
        return new GitSource(GitSourceOptions.defaults().withUrl(url).withCacheDir(tmp.resolve("cache")), progress::add);
    }

    @Test
    void clonesOnceThenFetchesOnlyWhenTheBranchMoved() {
        try (GitSource source = source(origin.dir().toString())) {
            Revision r1 = source.sync();
            assertThat(r1.sha()).isEqualTo(first.name());
            assertThat(r1.shortSha()).isEqualTo(first.name().substring(0, 7));
            assertThat(r1.subject()).isEqualTo("first: orders api");
            assertThat(r1.authorName()).isEqualTo("Ada Author");
            assertThat(r1.authorEmail()).isEqualTo("ada@example.com");
            assertThat(r1.commitTime()).isEqualTo(first.getCommitterIdent().getWhenAsInstant());
            assertThat(r1.ref()).isEqualTo("main");
            assertThat(progress).containsExactly("cloning " + origin.dir() + " into cache " + source.cacheDirectory());
            assertThat(source.cacheDirectory().resolve("objects")).isDirectory();
            assertThat(source.cacheDirectory().getParent()).isEqualTo(tmp.resolve("cache"));

            progress.clear();
            assertThat(source.changed(r1.sha())).isFalse();
            assertThat(source.sync().sha()).isEqualTo(r1.sha());
            assertThat(progress).as("nothing moved: neither clone nor fetch").isEmpty();

            RevCommit second = origin.commit("scale orders", Map.of("manifests/orders/deployment.yaml", "replicas: 3\n"));
            assertThat(source.remoteHead()).contains(second.name());
            assertThat(source.changed(r1.sha())).isTrue();
            Revision r2 = source.sync();
            assertThat(r2.sha()).isEqualTo(second.name());
            assertThat(progress).containsExactly("fetching " + origin.dir());
            assertThat(source.tree(r2).readString("manifests/orders/deployment.yaml")).isEqualTo("replicas: 3\n");
            assertThat(source.tree(r1).readString("manifests/orders/deployment.yaml")).isEqualTo("replicas: 1\n");
        }
    }

    @Test
    void aNewSourceReusesTheExistingCache() {
        try (GitSource source = source(origin.dir().toString())) {
            source.sync();
        }
        progress.clear();
        try (GitSource again = source(origin.dir().toString())) {
            assertThat(again.sync().sha()).isEqualTo(first.name());
        }
        assertThat(progress).isEmpty();
    }

    @Test
    void resolvesBranchesTagsAndShas() throws Exception {
        origin.tag("v1", false);
        RevCommit second = origin.commit("second", Map.of("README.md", "hello\n"));
        origin.tag("v2", true);
        origin.git().branchCreate().setName("feature").setStartPoint(first.name()).call();
        try (GitSource source = source(origin.dir().toString())) {
            source.sync();
            assertThat(source.resolve("main").sha()).isEqualTo(second.name());
            assertThat(source.resolve("feature").sha()).isEqualTo(first.name());
            assertThat(source.resolve("v1").sha()).isEqualTo(first.name());
            assertThat(source.resolve("v2").sha()).as("annotated tag peeled to its commit").isEqualTo(second.name());
            assertThat(source.resolve("refs/tags/v2").sha()).isEqualTo(second.name());
            assertThat(source.resolve(first.name()).sha()).isEqualTo(first.name());
            assertThat(source.resolve(first.name().substring(0, 7)).sha()).isEqualTo(first.name());
            assertThat(source.resolve(first.name().substring(0, 10).toUpperCase()).sha()).isEqualTo(first.name());
            assertThat(source.resolve("v2").ref()).isEqualTo("v2");
        }
    }

    @Test
    void aRevisionNewToTheCacheIsFetched() {
        try (GitSource source = source(origin.dir().toString())) {
            source.sync();
            RevCommit later = origin.commit("later", Map.of("README.md", "later\n"));
            origin.tag("v3", false);
            progress.clear();
            assertThat(source.resolve("v3").sha()).isEqualTo(later.name());
            assertThat(progress).containsExactly("fetching " + origin.dir());
        }
    }

    @Test
    void unknownRevisionsAndBranchesAreNamed() {
        try (GitSource source = source(origin.dir().toString())) {
            assertThatThrownBy(() -> source.resolve("nope"))
                    .isInstanceOf(SourceException.class)
                    .hasMessage("git resolve 'nope' in " + origin.dir()
                            + " failed: unknown revision (not a branch, tag or commit of this repository)")
                    .extracting(e -> ((SourceException) e).reason()).isEqualTo(Reason.UNKNOWN_REVISION);
            assertThatThrownBy(() -> source.resolve("deadbeef0"))
                    .hasMessageContaining("git resolve 'deadbeef0' in ").hasMessageContaining("unknown revision");
        }
        try (GitSource release = new GitSource(GitSourceOptions.defaults().withUrl(origin.dir().toString())
                .withBranch("release").withCacheDir(tmp.resolve("cache")), progress::add)) {
            assertThatThrownBy(release::sync)
                    .hasMessage("git ls-remote " + origin.dir() + " failed: branch 'release' does not exist")
                    .extracting(e -> ((SourceException) e).reason()).isEqualTo(Reason.UNKNOWN_REVISION);
            assertThat(release.remoteHead()).isEmpty();
            assertThat(release.changed(first.name())).isTrue();
        }
    }

    @Test
    void fileUrlsAndBareRepositoriesWork() throws Exception {
        try (GitSource source = source("file://" + origin.dir())) {
            assertThat(source.sync().sha()).isEqualTo(first.name());
            assertThat(source.url().masked()).isEqualTo("file://" + origin.dir());
        }
        Path bare = tmp.resolve("bare.git");
        Git.cloneRepository().setURI(origin.dir().toString()).setDirectory(bare.toFile()).setBare(true).call().close();
        try (GitSource source = source(bare.toString())) {
            assertThat(source.sync().sha()).isEqualTo(first.name());
            assertThat(source.tree(source.resolve("main")).readString("manifests/orders/deployment.yaml")).isEqualTo("replicas: 1\n");
        }
    }

    @Test
    void aFolderThatIsNoRepositoryIsNotFound() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        try (GitSource source = source(empty.toString())) {
            assertThatThrownBy(source::sync)
                    .hasMessage("git ls-remote " + empty + " failed: no Git repository at " + empty)
                    .extracting(e -> ((SourceException) e).reason()).isEqualTo(Reason.NOT_FOUND);
        }
    }

    @Test
    void aCacheWithoutItsPacksIsReclonedOnceAndSaysSo() throws IOException {
        Path cacheDir;
        try (GitSource source = source(origin.dir().toString())) {
            source.sync();
            cacheDir = source.cacheDirectory();
        }
        List<Path> packs;
        try (Stream<Path> files = Files.list(cacheDir.resolve("objects/pack"))) {
            packs = files.toList();
        }
        assertThat(packs).isNotEmpty();
        for (Path p : packs) {
            Files.delete(p);
        }
        progress.clear();
        try (GitSource source = source(origin.dir().toString())) {
            Revision r = source.sync();
            assertThat(r.sha()).isEqualTo(first.name());
            assertThat(source.tree(r).readString("manifests/orders/deployment.yaml")).isEqualTo("replicas: 1\n");
        }
        assertThat(progress).hasSize(2);
        assertThat(progress.get(0)).startsWith("cache " + cacheDir + " of " + origin.dir() + " corrupt (object "
                + first.name() + " is missing").endsWith("), re-cloning");
        assertThat(progress.get(1)).isEqualTo("cloning " + origin.dir() + " into cache " + cacheDir);
    }

    @Test
    void aCacheThatCannotBeOpenedIsRecloned() throws IOException {
        Path cacheDir;
        try (GitSource source = source(origin.dir().toString())) {
            source.sync();
            cacheDir = source.cacheDirectory();
        }
        Files.writeString(cacheDir.resolve("config"), "[core\n garbage");
        progress.clear();
        try (GitSource source = source(origin.dir().toString())) {
            assertThat(source.sync().sha()).isEqualTo(first.name());
        }
        assertThat(progress.get(0)).startsWith("cache " + cacheDir + " of " + origin.dir() + " corrupt (cannot be opened")
                .endsWith("re-cloning");
    }

    @Test
    void concurrentSyncsCloneOnlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (GitSource source = source(origin.dir().toString())) {
            List<Future<Revision>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(source::sync));
            }
            for (Future<Revision> r : results) {
                assertThat(r.get().sha()).isEqualTo(first.name());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(progress).filteredOn(l -> l.startsWith("cloning")).hasSize(1);
    }
}
