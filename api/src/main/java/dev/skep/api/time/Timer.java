package dev.skep.api.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Time as the control loops see it: a clock and delayed actions. Production uses {@link SystemTimer};
 * tests use {@link ManualTimer} and move time forward themselves.
 */
public interface Timer {
    Clock clock();

    /** Runs the action once after the delay, on a timer thread; the returned handle cancels it. */
    Cancellable after(Duration delay, Runnable action);

    default Instant now() {
        return clock().instant();
    }

    interface Cancellable {
        void cancel();
    }
}
