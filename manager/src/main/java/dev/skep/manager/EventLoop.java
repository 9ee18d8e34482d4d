package dev.skep.manager;

import dev.skep.api.time.Timer;
import dev.skep.store.Event;
import dev.skep.store.MemoryStore;
import dev.skep.store.ReadTx;
import dev.skep.store.Watch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The skeleton every leader loop shares (orchestrators, allocator, scheduler, the dispatcher's event routing,
 * reaper, cron, constraint enforcer): one thread, one inbox, store events and timer wake-ups handled in order
 * on that thread, so a loop's own state needs no locks. No loop polls the store: it reads it once and then
 * learns of every change from the watch.
 *
 * <p>{@link #start} reads the store and subscribes in one step ({@link #load}) on the caller's thread, so every
 * change committed after {@code start} returns reaches the loop. The loop thread then reconciles everything it
 * read ({@link #reconcileAll}), handles events one by one and calls {@link #tick} once the inbox is empty — so
 * a burst of events (one commit's, or many commits') costs one round of writes.
 *
 * <p>The watch filter doubles as the delivery hook: the store calls it on the committing thread, in
 * commit order, before the writer's {@code update} returns. Events therefore reach the inbox — and the
 * {@link #isIdle} counter — synchronously, which lets tests wait for quiescence exactly instead of
 * sleeping. Timer callbacks only enqueue work; they never touch loop state themselves.
 */
public abstract class EventLoop implements Loop {
    private static final Object STOP = new Object();

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String name;
    protected final MemoryStore store;
    protected final Timer timer;
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final Set<Timer.Cancellable> timers = ConcurrentHashMap.newKeySet();
    private volatile int generation;
    private volatile Thread thread;
    private Watch watch;

    /** A timer wake-up, tagged with the run it belongs to so a restarted loop ignores stale ones. */
    private record Wakeup(int generation, Runnable action) {}

    protected EventLoop(String name, MemoryStore store, Timer timer) {
        this.name = name;
        this.store = store;
        this.timer = timer;
    }

    @Override
    public final synchronized void start() {
        if (thread != null) throw new IllegalStateException(name + " already started");
        int run = ++generation;
        inbox.clear();
        pending.set(1); // the initial reconciliation counts as work in progress
        store.viewAndWatch(
                tx -> {
                    load(tx);
                    return null;
                },
                this::deliver,
                w -> watch = w);
        thread = new Thread(() -> run(run), "skep-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public final synchronized void stop() {
        if (thread == null) return;
        generation++;
        if (watch != null) watch.close();
        timers.forEach(Timer.Cancellable::cancel);
        timers.clear();
        inbox.add(STOP);
        thread.interrupt(); // a commit waiting for a quorum this member no longer leads would hold stop for its timeout
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
        watch = null;
        inbox.clear();
        pending.set(0);
    }

    /** True when every event and wake-up delivered so far has been handled (for tests and diagnostics). */
    public boolean isIdle() {
        return pending.get() == 0;
    }

    /** True between {@link #start} and {@link #stop} (not synchronized: the loop thread asks while stop waits). */
    protected final boolean started() {
        return thread != null;
    }

    private void run(int run) {
        try {
            guarded("reconcile", this::reconcileAll);
            guarded("tick", this::tick);
        } finally {
            pending.decrementAndGet();
        }
        while (true) {
            List<Object> batch = new ArrayList<>();
            try {
                batch.add(inbox.take());
            } catch (InterruptedException e) {
                return;
            }
            inbox.drainTo(batch);
            try {
                for (Object item : batch) {
                    if (item == STOP) return;
                    if (item instanceof Event e) guarded("event", () -> handle(e));
                    else if (item instanceof Wakeup w && w.generation() == run) guarded("wakeup", w.action());
                }
                guarded("tick", this::tick);
            } finally {
                pending.addAndGet(-batch.size());
            }
        }
    }

    private boolean deliver(Event e) {
        if (interestedIn(e)) {
            pending.incrementAndGet();
            inbox.add(e);
        }
        return false; // nothing is queued in the Watch itself: the inbox is the queue
    }

    private void guarded(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            // A failed write (conflict, lost quorum) is not fatal: the next event or restart reconciles again.
            log.warn("{}: {} failed: {}", name, what, e.toString());
            log.debug("{}: {} failure", name, what, e);
        }
    }

    /** Runs {@code action} on the loop thread at {@code when}; at once (next in the inbox) if that has passed. */
    protected final Timer.Cancellable at(Instant when, Runnable action) {
        return after(Duration.between(now(), when), action);
    }

    /** Runs {@code action} on the loop thread after {@code delay}. */
    protected final Timer.Cancellable after(Duration delay, Runnable action) {
        Wakeup w = new Wakeup(generation, action);
        if (delay.isNegative() || delay.isZero()) {
            enqueue(w);
            return () -> {};
        }
        Armed armed = new Armed();
        timers.add(armed);
        armed.handle = timer.after(delay, () -> {
            timers.remove(armed);
            enqueue(w);
        });
        return armed;
    }

    /** A pending timer; registered before it is armed so a callback that fires early still finds it. */
    private final class Armed implements Timer.Cancellable {
        volatile Timer.Cancellable handle;

        @Override
        public void cancel() {
            timers.remove(this);
            Timer.Cancellable h = handle;
            if (h != null) h.cancel();
        }
    }

    private void enqueue(Wakeup w) {
        pending.incrementAndGet();
        inbox.add(w);
    }

    protected final Instant now() {
        return timer.now();
    }

    /** This loop's delayed-work facility, for the components it owns. */
    protected final Wakeups wakeups() {
        return new Wakeups() {
            @Override
            public Timer.Cancellable at(Instant when, Runnable action) {
                return EventLoop.this.at(when, action);
            }

            @Override
            public Instant now() {
                return EventLoop.this.now();
            }
        };
    }

    /** Which committed changes this loop handles. Called on the committing thread: keep it cheap. */
    protected abstract boolean interestedIn(Event e);

    /**
     * Resets in-memory state and reads the initial state, on the thread that calls {@link #start} and under the
     * store's read lock: no writes here.
     */
    protected abstract void load(ReadTx tx);

    /** Brings everything read by {@link #load} in line; runs on the loop thread before the first event. */
    protected abstract void reconcileAll();

    /** Handles one committed change on the loop thread. */
    protected abstract void handle(Event e);

    /** Runs after each burst of events and wake-ups: the place to write what the events called for. */
    protected void tick() {}
}
