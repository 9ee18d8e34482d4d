package dev.skep.api.time;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Wall-clock time and a single daemon thread for delayed actions. */
public final class SystemTimer implements Timer, AutoCloseable {
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "skep-timer");
        t.setDaemon(true);
        return t;
    });

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public Cancellable after(Duration delay, Runnable action) {
        ScheduledFuture<?> f = executor.schedule(action, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
