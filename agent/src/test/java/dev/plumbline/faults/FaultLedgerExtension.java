package dev.plumbline.faults;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.util.Optional;

/**
 * Records every {@link Fault}-annotated test in the {@link FaultLedger} (survived = passed; objects lost as the test
 * counted them through {@link FaultLedger#objectsLost}), and prints the suite's summary once, when the JUnit run of
 * this JVM ends (a closeable in the root store is closed then). Classes without fault tests never print anything.
 */
public final class FaultLedgerExtension implements BeforeAllCallback, BeforeEachCallback, TestWatcher {

    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(FaultLedgerExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(STORE).getOrComputeIfAbsent("summary", k -> new PrintAtEnd(), PrintAtEnd.class);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        FaultLedger.open();
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        record(context, true);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        record(context, false);
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        record(context, false);
    }

    private static void record(ExtensionContext context, boolean survived) {
        int lost = FaultLedger.close();
        Optional<Fault> fault = context.getTestMethod().map(m -> m.getAnnotation(Fault.class));
        fault.ifPresent(f -> FaultLedger.record(context.getRequiredTestClass().getSimpleName(),
                context.getRequiredTestMethod().getName(), f.value(), survived, survived ? lost : (lost == 0 ? -1 : lost)));
    }

    /** Closed by JUnit when the run ends. */
    private static final class PrintAtEnd implements AutoCloseable {
        @Override
        public void close() {
            String summary = FaultLedger.publish();
            if (summary != null) {
                System.out.println();
                System.out.println(summary);
                System.out.println("(also in " + FaultLedger.DIR.resolve("summary.md").toAbsolutePath() + ")");
            }
        }
    }
}
