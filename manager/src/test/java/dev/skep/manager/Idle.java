package dev.skep.manager;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Waits until loops have handled every change committed so far. Events reach a loop's inbox on the committing
 * thread ({@link EventLoop}), so once this returns the loops' reactions to earlier writes are in the store too:
 * tests assert right after, instead of polling for an outcome or watching a time window.
 */
public final class Idle {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Idle() {}

    public static void await(EventLoop... loops) {
        await(Stream.of(loops).map(l -> (BooleanSupplier) l::isIdle).toArray(BooleanSupplier[]::new));
    }

    public static void await(BooleanSupplier... idle) {
        if (allIdle(idle)) return;
        org.awaitility.Awaitility.await()
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(1))
                .atMost(TIMEOUT)
                .until(() -> allIdle(idle));
    }

    private static boolean allIdle(BooleanSupplier[] idle) {
        return Stream.of(idle).allMatch(BooleanSupplier::getAsBoolean);
    }
}
