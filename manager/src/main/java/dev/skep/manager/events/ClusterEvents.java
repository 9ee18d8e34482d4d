package dev.skep.manager.events;

import dev.skep.api.model.EventMessage;
import dev.skep.store.Event;
import dev.skep.store.MemoryStore;
import dev.skep.store.Watch;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * This manager's feed of cluster events for {@code GET /events}: a store watch turns every committed change of a
 * service, node or network into a Docker event ({@link EventMessages}), keeps the last {@value #HISTORY} for
 * {@code --since} (dockerd keeps as many in memory), and hands each to the live subscribers. Every manager applies
 * every commit, so every manager reports the same events; each stamps them with the time it applied them.
 */
public final class ClusterEvents implements AutoCloseable {
    static final int HISTORY = 1024;

    private final Clock clock;
    private final Watch watch;
    private final Thread feeder;
    private final Deque<EventMessage> history = new ArrayDeque<>();
    private final Set<BlockingQueue<EventMessage>> subscribers = new CopyOnWriteArraySet<>();

    public ClusterEvents(MemoryStore store, Clock clock) {
        this.clock = clock;
        this.watch = store.watch(e -> e.kind() != null);
        this.feeder = Thread.ofPlatform().daemon().name("skep-cluster-events").start(this::feed);
    }

    /** A subscriber: what happened at or after its start (from the history), then what happens next. */
    public final class Subscription implements AutoCloseable {
        private final List<EventMessage> past;
        private final BlockingQueue<EventMessage> live = new LinkedBlockingQueue<>();

        private Subscription(Predicate<EventMessage> fromHistory) {
            synchronized (history) {
                past = history.stream().filter(fromHistory).toList();
                subscribers.add(live);
            }
        }

        /** Events from before the subscription that it asked for. */
        public List<EventMessage> past() {
            return past;
        }

        /** The next new event, or null after the timeout. */
        public EventMessage next(long timeout, TimeUnit unit) throws InterruptedException {
            return live.poll(timeout, unit);
        }

        @Override
        public void close() {
            subscribers.remove(live);
        }
    }

    /** Subscribes; {@code fromHistory} picks the past events wanted (e.g. those since a time), none if null. */
    public Subscription subscribe(Predicate<EventMessage> fromHistory) {
        return new Subscription(fromHistory == null ? m -> false : fromHistory);
    }

    private void feed() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Event e = watch.poll(1, TimeUnit.SECONDS);
                if (e != null) publish(EventMessages.of(e, clock.instant()));
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    void publish(EventMessage m) {
        if (m == null) return;
        synchronized (history) {
            history.addLast(m);
            if (history.size() > HISTORY) history.removeFirst();
            for (BlockingQueue<EventMessage> s : subscribers) s.add(m);
        }
    }

    /** The history, oldest first (for tests). */
    List<EventMessage> history() {
        synchronized (history) {
            return new ArrayList<>(history);
        }
    }

    @Override
    public void close() {
        feeder.interrupt();
        watch.close();
    }
}
