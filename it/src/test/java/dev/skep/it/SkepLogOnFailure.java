package dev.skep.it;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints the tail of skepd's log (or of every node's log) when a test fails, so the report shows what the daemons
 * were doing. Register it with {@code @RegisterExtension} on a field.
 */
public final class SkepLogOnFailure implements TestWatcher {
    private final Supplier<String> logs;

    private SkepLogOnFailure(Supplier<String> logs) {
        this.logs = logs;
    }

    /** The log tail of one skepd; {@code skepd} answers null before the daemon is started. */
    public static SkepLogOnFailure forDaemon(Supplier<SkepProcess> skepd) {
        return new SkepLogOnFailure(() -> {
            SkepProcess process = skepd.get();
            return process == null ? null : process.logTail();
        });
    }

    /** Whatever {@code logs} answers (e.g. a cluster's log tails); null while there is nothing to print. */
    public static SkepLogOnFailure forLogs(Supplier<String> logs) {
        return new SkepLogOnFailure(logs);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        String tail = logs.get();
        if (tail != null) {
            System.err.println("=== " + context.getDisplayName() + " failed; " + tail);
        }
    }
}
