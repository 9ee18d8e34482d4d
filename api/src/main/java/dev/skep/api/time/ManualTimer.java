package dev.skep.api.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A fake clock for tests: time stands still until {@link #advance} runs whatever fell due, in order. */
public final class ManualTimer implements Timer {
    private Instant now;
    private final List<Pending> pending = new ArrayList<>();
    private long sequence;

    public ManualTimer(Instant start) {
        this.now = start;
    }

    public ManualTimer() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    private record Pending(Instant due, long seq, Runnable action) {}

    @Override
    public synchronized Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return current();
            }
        };
    }

    private synchronized Instant current() {
        return now;
    }

    @Override
    public synchronized Cancellable after(Duration delay, Runnable action) {
        Pending p = new Pending(now.plus(delay), sequence++, action);
        pending.add(p);
        return () -> {
            synchronized (ManualTimer.this) {
                pending.remove(p);
            }
        };
    }

    /** Moves time forward, running each action that falls due at its own instant. */
    public void advance(Duration d) {
        Instant target;
        synchronized (this) {
            target = now.plus(d);
        }
        while (true) {
            Pending next;
            synchronized (this) {
                next = pending.stream()
                        .filter(p -> !p.due().isAfter(target))
                        .min(Comparator.comparing(Pending::due).thenComparing(Pending::seq))
                        .orElse(null);
                if (next == null) {
                    now = target;
                    return;
                }
                pending.remove(next);
                if (next.due().isAfter(now)) now = next.due();
            }
            next.action().run();
        }
    }

    public synchronized int pendingCount() {
        return pending.size();
    }
}
