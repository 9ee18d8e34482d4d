package dev.skep.manager;

import dev.skep.api.time.Timer;
import java.time.Instant;

/** Delayed work on the owning loop's thread; components used by a loop get it from {@link EventLoop}. */
public interface Wakeups {
    /** Runs {@code action} on the loop thread at {@code when}, or at once if that has passed. */
    Timer.Cancellable at(Instant when, Runnable action);

    Instant now();
}
