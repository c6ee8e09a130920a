package dev.plumbline.source;

import dev.plumbline.reconcile.RenderedEnvironment;
import dev.plumbline.resource.DirectoryTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What a render read decides which pushes affect an environment. */
class RecordingTreeTest {

    @TempDir
    Path repo;

    private void write(String path, String text) throws IOException {
        Files.createDirectories(repo.resolve(path).getParent());
        Files.writeString(repo.resolve(path), text);
    }

    @Test
    void aKustomizationEnvironmentIsAffectedByWhatItReadsOnly() throws IOException {
        write("environments/prod/kustomization.yaml", "resources:\n  - ../../manifests/app\n");
        write("manifests/app/kustomization.yaml", "resources: [cm.yaml]\n");
        write("manifests/app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: x\n");
        write("manifests/other/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  namespace: x\n");
        RecordingTree tree = new RecordingTree(new DirectoryTree(repo));
        RenderedEnvironment.render(tree, "prod");
        RecordingTree.Reads reads = tree.reads();
        assertThat(reads.affectedBy("manifests/app/cm.yaml")).isTrue();
        assertThat(reads.affectedBy("environments/prod/kustomization.yaml")).isTrue();
        assertThat(reads.affectedBy("environments/prod/plumbline.yaml")).as("a policy file added later").isTrue();
        assertThat(reads.affectedBy("manifests/other/cm.yaml")).isFalse();
        assertThat(reads.affectedBy("README.md")).isFalse();
    }

    @Test
    void aPlainEnvironmentIsAffectedByAFileAddedToAFolderItListed() throws IOException {
        write("environments/dev/apps/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: x\n");
        RecordingTree tree = new RecordingTree(new DirectoryTree(repo));
        RenderedEnvironment.render(tree, "dev");
        RecordingTree.Reads reads = tree.reads();
        assertThat(reads.affectedBy("environments/dev/apps/new.yaml")).isTrue();
        assertThat(reads.affectedBy("environments/dev/new.yaml")).isTrue();
        assertThat(reads.affectedBy("environments/staging/new.yaml")).isFalse();
    }
}
