package dev.skep.coins;

import java.time.Duration;

/** Waits; tests pass one that only moves a fake clock. */
@FunctionalInterface
public interface Sleeper {
    Sleeper SYSTEM = duration -> Thread.sleep(duration);

    void sleep(Duration duration) throws InterruptedException;

    /** A service's built-in latency inside an HTTP handler (rng, hasher): an interrupt fails that request. */
    static void pauseRequest(Duration duration) throws java.io.IOException {
        try {
            SYSTEM.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.IOException("interrupted", e);
        }
    }
}
