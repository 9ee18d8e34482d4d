package dev.skep.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.awaitility.core.ConditionFactory;

/** Awaitility settings for the end-to-end tests: generous, because they check correctness, not speed. */
final class Convergence {
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    private Convergence() {}

    static ConditionFactory eventually() {
        return eventually(TIMEOUT);
    }

    static ConditionFactory eventually(Duration timeout) {
        return await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500));
    }
}
