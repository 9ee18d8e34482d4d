package dev.skep.store.raft;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells listeners when this member starts or stops leading, on its own thread (never Ratis's, which must not
 * block). Ratis's notifications trigger a check at once; a short poll backs them up, since a leader that steps
 * down on a lost quorum or a leader becoming ready is not always announced to the state machine.
 */
final class LeadershipWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeadershipWatcher.class);
    static final long POLL_MILLIS = 20;

    private final BooleanSupplier leading;
    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService thread;
    /** Only touched on the watcher's thread. */
    private boolean reported;

    LeadershipWatcher(String peerId, BooleanSupplier leading) {
        this.leading = leading;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "raft-leadership-" + peerId);
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::check, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Adds a listener; if this member leads already, it hears {@code true} at once (on the watcher's thread). */
    void add(Consumer<Boolean> listener) {
        thread.execute(() -> {
            listeners.add(listener);
            if (reported) tell(listener, true);
        });
    }

    /** Something changed in Ratis: check now rather than at the next poll. */
    void poke() {
        try {
            thread.execute(this::check);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // Closing: the last word was said in close().
        }
    }

    private void check() {
        boolean now;
        try {
            now = leading.getAsBoolean();
        } catch (RuntimeException e) {
            now = false;
        }
        report(now);
    }

    private void report(boolean now) {
        if (now == reported) return;
        reported = now;
        LOG.info("this member {} the Raft leader", now ? "became" : "is no longer");
        for (Consumer<Boolean> l : listeners) tell(l, now);
    }

    private static void tell(Consumer<Boolean> listener, boolean leader) {
        try {
            listener.accept(leader);
        } catch (RuntimeException e) {
            LOG.warn("a leadership listener failed", e);
        }
    }

    /** Stops watching; a member that led tells its listeners it no longer does. */
    @Override
    public void close() {
        try {
            thread.execute(() -> report(false));
        } catch (java.util.concurrent.RejectedExecutionException alreadyClosed) {
            return;
        }
        thread.shutdown();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
