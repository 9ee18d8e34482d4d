package dev.skep.it;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Prints the tail of skepd's log when a test fails, so the report shows what the daemon was doing. */
final class SkepLogOnFailure implements TestWatcher {
    private final Supplier<SkepProcess> skepd;

    SkepLogOnFailure(Supplier<SkepProcess> skepd) {
        this.skepd = skepd;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        SkepProcess process = skepd.get();
        if (process != null) {
            System.err.println("=== " + context.getDisplayName() + " failed; " + process.logTail());
        }
    }
}
