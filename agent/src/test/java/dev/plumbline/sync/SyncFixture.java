package dev.plumbline.sync;

import dev.plumbline.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** What the sync ITs share: the injected test cluster and a {@link SyncHarness} on it, closed after each test. */
abstract class SyncFixture {

    TestCluster cluster; // injected
    SyncHarness it;

    @BeforeEach
    void harness() {
        it = new SyncHarness(cluster);
    }

    @AfterEach
    void close() {
        it.close();
    }
}
