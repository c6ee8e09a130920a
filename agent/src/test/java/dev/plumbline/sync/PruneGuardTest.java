package dev.plumbline.sync;

import dev.plumbline.config.EnvironmentPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole-sync guards' arithmetic: percent AND count must both be exceeded; an empty render needs allowEmpty. */
class PruneGuardTest {

    private static final EnvironmentPolicy.Sync POLICY = EnvironmentPolicy.Sync.defaults(); // 30 %, 5 objects

    @ParameterizedTest(name = "desired {0}, inventory {1}, prune {2}, confirm {3}, allowEmpty {4} -> {5}")
    @CsvSource(delimiter = '|', value = {
            "10 | 30 |  0 | false | false | ",
            "10 | 30 | 12 | false | false | prune of 12 objects (40% of 30) exceeds maxPrunePercent 30 and maxPruneCount 5; repeat with confirmPrune",
            "10 | 30 | 12 | true  | false | ",
            "10 | 30 |  9 | false | false | ",                   // 30 % is not more than 30 %
            "10 | 30 | 10 | false | false | prune of 10 objects (33% of 30) exceeds maxPrunePercent 30 and maxPruneCount 5; repeat with confirmPrune",
            " 1 |  6 |  5 | false | false | ",                   // 83 %, but only 5 objects
            " 1 |  7 |  6 | false | false | prune of 6 objects (86% of 7) exceeds maxPrunePercent 30 and maxPruneCount 5; repeat with confirmPrune",
            "90 |100 | 29 | false | false | ",                   // 29 objects, but 29 %
            " 0 |  3 |  3 | false | false | the render is empty and would prune all 3 objects of the inventory; an empty render never prunes unless sync.allowEmpty is true",
            " 0 |  3 |  3 | true  | false | the render is empty and would prune all 3 objects of the inventory; an empty render never prunes unless sync.allowEmpty is true",
            " 0 |  3 |  3 | false | true  | ",
            " 0 |  9 |  9 | false | true  | prune of 9 objects (100% of 9) exceeds maxPrunePercent 30 and maxPruneCount 5; repeat with confirmPrune",
            " 0 |  0 |  0 | false | false | "})
    void guards(int desired, int inventory, int candidates, boolean confirm, boolean allowEmpty, String expected) {
        EnvironmentPolicy.Sync policy = new EnvironmentPolicy.Sync(true, true, true, false, allowEmpty,
                POLICY.maxPrunePercent(), POLICY.maxPruneCount(), Duration.ofMinutes(5));

        assertThat(PruneGuard.check(desired, inventory, candidates, policy, confirm).orElse(null)).isEqualTo(expected);
    }
}
