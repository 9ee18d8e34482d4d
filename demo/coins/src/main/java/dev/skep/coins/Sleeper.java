package dev.skep.coins;

import java.time.Duration;

/** Waits; tests pass one that only moves a fake clock. */
@FunctionalInterface
public interface Sleeper {
    Sleeper SYSTEM = duration -> Thread.sleep(duration);

    void sleep(Duration duration) throws InterruptedException;
}
