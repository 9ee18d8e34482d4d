package dev.skep.coins;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that moves only when told; its sleeper advances it instead of waiting. */
public final class FakeClock implements InstantSource {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");
    private Duration slept = Duration.ZERO;

    @Override
    public synchronized Instant instant() {
        return now;
    }

    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
        slept = slept.plus(duration);
    }

    public synchronized Duration slept() {
        return slept;
    }

    public Sleeper sleeper() {
        return this::advance;
    }
}
