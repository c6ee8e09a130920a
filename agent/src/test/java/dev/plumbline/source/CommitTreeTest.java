package dev.plumbline.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumbline.resource.RepoTree.RepoPathException;

class CommitTreeTest {

    @TempDir
    Path tmp;

    private TestRepo origin;
    private GitSource source;

    @BeforeEach
    void setUp() {
        origin = TestRepo.init(tmp.resolve("origin"));
        origin.commit("layout", Map.of(
                "README.md", "# deploy\n",
                "manifests/orders/deployment.yaml", "kind: Deployment\n",
                "manifests/orders/service.yaml", "kind: Service\n",
                "environments/prod/kustomization.yaml", "resources: [../../manifests/orders]\n",
                "environments/prod/plumbline.yaml", "namespace: shop\n"));
        source = new GitSource(GitSourceOptions.defaults().withUrl(origin.dir().toString())
                .withCacheDir(tmp.resolve("cache")), line -> { });
    }

    @AfterEach
    void tearDown() {
        source.close();
        origin.close();
    }

    private CommitTree head() {
        return source.tree(source.sync());
    }

    @Test
    void readsNestedFilesAndListsDirectories() {
        CommitTree tree = head();
        assertThat(tree.revision()).isEqualTo(source.remoteHead().orElseThrow());
        assertThat(tree.list("")).containsExactly("README.md", "environments", "manifests");
        assertThat(tree.list("manifests/orders")).containsExactly("deployment.yaml", "service.yaml");
        assertThat(tree.list("environments/prod/")).containsExactly("kustomization.yaml", "plumbline.yaml");
        assertThat(tree.list("nowhere")).isEmpty();
        assertThat(tree.list("README.md")).as("a file has no children").isEmpty();
        assertThat(tree.readString("environments/prod/./../prod/plumbline.yaml")).isEqualTo("namespace: shop\n");
        assertThat(tree.isDirectory("manifests")).isTrue();
        assertThat(tree.isFile("manifests")).isFalse();
        assertThat(tree.isFile("manifests/orders/service.yaml")).isTrue();
        assertThat(tree.isFile("manifests/orders/service.yaml/x")).isFalse();
        assertThatThrownBy(() -> tree.read("manifests/orders"))
                .isInstanceOf(RepoPathException.class).hasMessage("manifests/orders: is a directory, not a file");
        assertThatThrownBy(() -> tree.read("manifests/orders/missing.yaml"))
                .isInstanceOf(RepoPathException.class).hasMessage("manifests/orders/missing.yaml: does not exist");
        assertThatThrownBy(() -> tree.read("../outside")).isInstanceOf(RepoPathException.class)
                .hasMessage("../outside: leaves the repository");
    }

    @Test
    void anOlderRevisionShowsOlderContent() {
        Revision before = source.sync();
        Map<String, String> change = new HashMap<>();
        change.put("manifests/orders/deployment.yaml", "kind: Deployment\nreplicas: 3\n");
        change.put("manifests/orders/service.yaml", null);
        origin.commit("scale and remove service", change);
        Revision after = source.sync();
        assertThat(source.tree(after).readString("manifests/orders/deployment.yaml")).contains("replicas: 3");
        assertThat(source.tree(after).list("manifests/orders")).containsExactly("deployment.yaml");
        CommitTree old = source.tree(before.sha());
        assertThat(old.readString("manifests/orders/deployment.yaml")).isEqualTo("kind: Deployment\n");
        assertThat(old.list("manifests/orders")).containsExactly("deployment.yaml", "service.yaml");
        assertThat(old.commit().sha()).isEqualTo(before.sha());
        assertThat(old.commit().ref()).as("resolved from a SHA").isEqualTo(before.sha());
    }

    @Test
    void followsLinksThatStayInsideTheRepository() {
        origin.symlink("link a directory", "environments/staging/base", "../../manifests/orders");
        origin.symlink("link a file", "environments/prod/deployment.yaml", "../../manifests/orders/deployment.yaml");
        CommitTree tree = head();
        assertThat(tree.readString("environments/prod/deployment.yaml")).isEqualTo("kind: Deployment\n");
        assertThat(tree.isFile("environments/prod/deployment.yaml")).isTrue();
        assertThat(tree.isDirectory("environments/staging/base")).isTrue();
        assertThat(tree.list("environments/staging/base")).containsExactly("deployment.yaml", "service.yaml");
        assertThat(tree.readString("environments/staging/base/service.yaml")).isEqualTo("kind: Service\n");
        assertThat(tree.list("environments/staging")).containsExactly("base");
    }

    @Test
    void refusesLinksThatLeaveTheRepository() {
        origin.symlink("climb out", "environments/prod/etc", "../../../../etc");
        origin.symlink("absolute", "environments/prod/passwd.yaml", "/etc/passwd");
        CommitTree tree = head();
        assertThatThrownBy(() -> tree.read("environments/prod/etc/passwd"))
                .isInstanceOf(RepoPathException.class)
                .hasMessage("environments/prod/etc: is a link that leaves the repository (target ../../../../etc)");
        assertThatThrownBy(() -> tree.readString("environments/prod/passwd.yaml"))
                .isInstanceOf(RepoPathException.class)
                .hasMessage("environments/prod/passwd.yaml: is a link that leaves the repository (target /etc/passwd)");
        assertThatThrownBy(() -> tree.isFile("environments/prod/passwd.yaml")).isInstanceOf(RepoPathException.class);
        assertThat(tree.list("environments/prod")).contains("etc", "passwd.yaml");
    }

    @Test
    void danglingLinksAreAbsentAndLoopsEnd() {
        origin.symlink("dangling", "environments/prod/gone.yaml", "nothing-here.yaml");
        origin.symlink("loop a", "loop/a", "b");
        origin.symlink("loop b", "loop/b", "a");
        CommitTree tree = head();
        assertThat(tree.isFile("environments/prod/gone.yaml")).isFalse();
        assertThatThrownBy(() -> tree.read("environments/prod/gone.yaml")).hasMessage("environments/prod/gone.yaml: does not exist");
        assertThatThrownBy(() -> tree.read("loop/a")).isInstanceOf(RepoPathException.class)
                .hasMessageEndingWith(": has too many levels of links");
    }

    @Test
    void submodulesAreReportedAsUnsupported() throws Exception {
        commitGitlink(origin.git().getRepository(), "vendor");
        CommitTree tree = head();
        assertThat(tree.list("")).contains("vendor");
        assertThat(tree.isFile("vendor")).isFalse();
        assertThat(tree.isDirectory("vendor")).isFalse();
        assertThatThrownBy(() -> tree.read("vendor"))
                .isInstanceOf(RepoPathException.class)
                .hasMessage("vendor: is a submodule (gitlink); submodules are not supported");
    }

    @Test
    void concurrentReadsSeeTheSameContent() throws Exception {
        CommitTree tree = head();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> reads = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String path = i % 2 == 0 ? "manifests/orders/service.yaml" : "environments/prod/plumbline.yaml";
                reads.add(pool.submit(() -> tree.readString(path)));
            }
            for (int i = 0; i < reads.size(); i++) {
                assertThat(reads.get(i).get()).isEqualTo(i % 2 == 0 ? "kind: Service\n" : "namespace: shop\n");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A commit whose tree holds a gitlink (mode 160000), as {@code git submodule add} would make. */
    private static void commitGitlink(Repository repo, String name) throws Exception {
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            TreeFormatter tree = new TreeFormatter();
            tree.append("README.md", FileMode.REGULAR_FILE,
                    inserter.insert(Constants.OBJ_BLOB, "# deploy\n".getBytes(StandardCharsets.UTF_8)));
            tree.append(name, FileMode.GITLINK, ObjectId.fromString("0123456789abcdef0123456789abcdef01234567"));
            RevCommit parent = repo.parseCommit(repo.resolve("main"));
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(inserter.insert(tree));
            commit.setParentId(parent);
            commit.setAuthor(TestRepo.AUTHOR);
            commit.setCommitter(TestRepo.AUTHOR);
            commit.setMessage("add submodule");
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            RefUpdate update = repo.updateRef("refs/heads/main");
            update.setNewObjectId(id);
            update.forceUpdate();
        }
    }
}
