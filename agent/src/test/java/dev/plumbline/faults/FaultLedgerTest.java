package dev.plumbline.faults;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FaultLedgerTest {

    @Test
    void aCaseRunAgainReplacesItsFailedRowAndTheSummarySaysItNeededTheReRun() {
        List<FaultLedger.Case> cases = new ArrayList<>();
        FaultLedger.merge(cases, new FaultLedger.Case("ApiServerFaultsIT", "throttling", "429", false, -1));
        FaultLedger.merge(cases, new FaultLedger.Case("GitFaultsIT", "serverDown", "git down", true, 0));
        FaultLedger.merge(cases, new FaultLedger.Case("ApiServerFaultsIT", "throttling", "429", true, 0));

        assertThat(cases).extracting(FaultLedger.Case::name).containsExactly("serverDown", "throttling");
        assertThat(cases.get(1).attempts()).isEqualTo(2);
        assertThat(cases.get(1).survived()).isTrue();
        String summary = FaultLedger.summary(cases);
        assertThat(summary).startsWith("Fault-injection summary: 2 cases, 2 faults survived, objects lost = 0"
                + " (1 passed only when run again)");
        assertThat(summary).contains("| ApiServerFaultsIT · throttling | 429 | yes (attempt 2) | 0 |")
                .contains("| GitFaultsIT · serverDown | git down | yes | 0 |");
    }

    @Test
    void rowsSurviveTheTabSeparatedFileBetweenJvmsAttemptsIncluded() {
        FaultLedger.Case again = new FaultLedger.Case("A", "b", "fault\twith tab", true, 0, 2);
        FaultLedger.Case parsed = FaultLedger.Case.parse(again.tsv());
        assertThat(parsed).isEqualTo(new FaultLedger.Case("A", "b", "fault with tab", true, 0, 2));
        assertThat(FaultLedger.Case.parse("A\tb\tf\tfalse\t-1").attempts()).isEqualTo(1);
    }
}
