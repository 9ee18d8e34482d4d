package dev.skep.manager.dispatcher;

import dev.skep.api.model.Task;
import dev.skep.api.time.Timer;
import dev.skep.manager.networkview.NetworkViews;
import dev.skep.store.Event;
import dev.skep.store.MemoryStore;
import java.time.Duration;
import java.util.Collection;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every connected node's network view current: a change that can move a view (a task with network
 * attachments, a network, a service, a node's address) schedules one recomputation after a short wait, so a
 * commit's worth of events costs one pass over the store; each session then sends its view only if it changed.
 */
final class NetworkViewPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkViewPublisher.class);
    private final MemoryStore store;
    private final Timer timer;
    private final Duration wait;
    private final Supplier<Collection<NodeSession>> sessions;
    private Timer.Cancellable scheduled;
    private boolean stopped;

    NetworkViewPublisher(MemoryStore store, Timer timer, Duration wait, Supplier<Collection<NodeSession>> sessions) {
        this.store = store;
        this.timer = timer;
        this.wait = wait;
        this.sessions = sessions;
    }

    /** True for the events this publisher cares about. */
    static boolean relevant(Event e) {
        return switch (e.kind()) {
            case NETWORK, SERVICE, NODE -> true;
            case TASK -> hasAttachments(e.before()) || hasAttachments(e.after());
            default -> false;
        };
    }

    private static boolean hasAttachments(Object o) {
        return o instanceof Task t
                && t.networksAttachments() != null
                && !t.networksAttachments().isEmpty();
    }

    /** Notes a relevant change; the views are recomputed once after the wait. */
    synchronized void changed() {
        if (stopped || scheduled != null) return;
        scheduled = timer.after(wait, this::publish);
    }

    /** Recomputes and hands every session its view now. */
    void publish() {
        synchronized (this) {
            scheduled = null;
            if (stopped) return;
        }
        Collection<NodeSession> current = sessions.get();
        if (current.isEmpty()) return;
        try {
            NetworkViews views = store.view(NetworkViews::of);
            for (NodeSession s : current) s.networkView(views.forNode(s.nodeId()));
        } catch (RuntimeException e) {
            LOG.warn("computing network views failed; retrying", e);
            changed();
        }
    }

    synchronized void stop() {
        stopped = true;
        if (scheduled != null) scheduled.cancel();
        scheduled = null;
    }
}
