package dev.skep.manager;

import dev.skep.api.time.Timer;
import dev.skep.store.ConflictException;
import dev.skep.store.StoreUnavailableException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loop that polls rather than watches: once per period it runs one round. Used where the input is the Raft
 * group's view, which the store does not hold, or where what matters is time passing rather than a change. A
 * round that loses a race or finds no quorum is simply retried at the next period.
 */
public abstract class PeriodicLoop implements Loop {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicLoop.class);

    private final Timer timer;
    private final Duration period;
    private final String what;
    private volatile Timer.Cancellable next;
    private volatile boolean running;

    protected PeriodicLoop(Timer timer, Duration period, String what) {
        this.timer = timer;
        this.period = period;
        this.what = what;
    }

    /** One round of work. */
    protected abstract void round();

    @Override
    public synchronized void start() {
        running = true;
        schedule(Duration.ZERO);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (next != null) next.cancel();
    }

    private void schedule(Duration delay) {
        if (running) next = timer.after(delay, this::tick);
    }

    private void tick() {
        try {
            round();
        } catch (ConflictException | StoreUnavailableException e) {
            LOG.debug("{} not done this round: {}", what, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("{} failed", what, e);
        } finally {
            schedule(period);
        }
    }
}
