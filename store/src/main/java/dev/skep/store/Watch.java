package dev.skep.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A subscription to committed changes, delivered in commit order. Close it when done. */
public final class Watch implements AutoCloseable {
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final Predicate<Event> filter;
    private final Runnable onClose;

    Watch(Predicate<Event> filter, Runnable onClose) {
        this.filter = filter;
        this.onClose = onClose;
    }

    void offer(Event e) {
        if (filter.test(e)) queue.add(e);
    }

    /** The next event, or null after the timeout. */
    public Event poll(long timeout, TimeUnit unit) throws InterruptedException {
        return queue.poll(timeout, unit);
    }

    /** Every event already queued, without waiting. */
    public List<Event> drain() {
        List<Event> out = new ArrayList<>();
        queue.drainTo(out);
        return out;
    }

    @Override
    public void close() {
        onClose.run();
    }
}
