package dev.plumbline.sync;

import dev.plumbline.resource.ResourceKey;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SyncListenerTest {

    @Test
    void linesReadAsTheCliPrintsThem() {
        List<String> lines = new ArrayList<>();
        SyncListener listener = SyncListener.lines(lines::add);

        listener.wave(2, 5, "ConfigMap/Secret (3 objects)");
        listener.applied(ChangeEntry.of(ResourceKey.of("apps", "Deployment", "shop", "api"), "apps/v1",
                Action.CONFIGURED, null));
        listener.pruned(ChangeEntry.of(ResourceKey.of("", "ConfigMap", "shop", "old"), "v1", Action.PRUNED, null));
        listener.pruned(ChangeEntry.of(ResourceKey.of("", "Namespace", null, "old"), "v1", Action.SKIPPED,
                "not pruned: Namespace/old still holds ConfigMap/old/theirs"));

        assertThat(lines).containsExactly("applying wave 2 of 5: ConfigMap/Secret (3 objects)",
                "configured Deployment/shop/api", "pruned ConfigMap/shop/old",
                "skipped Namespace/old (not pruned: Namespace/old still holds ConfigMap/old/theirs)");
    }

    @Test
    void aWaitIsPrintedOncePerChangeOfWhatItWaitsFor() {
        List<String> lines = new ArrayList<>();
        SyncListener listener = SyncListener.lines(lines::add);
        ResourceKey api = ResourceKey.of("apps", "Deployment", "shop", "api");

        listener.waiting(api, "Progressing: 0 of 3 replicas updated");
        listener.waiting(api, "Progressing: 0 of 3 replicas updated");
        listener.waiting(api, "Progressing: 2 of 3 replicas updated");
        listener.waiting(api, "Progressing: 2 of 3 replicas updated");

        assertThat(lines).containsExactly("waiting for Deployment/shop/api: Progressing: 0 of 3 replicas updated",
                "waiting for Deployment/shop/api: Progressing: 2 of 3 replicas updated");
    }
}
