package dev.skep.manager.allocator;

import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.time.Timer;
import dev.skep.manager.Loop;
import dev.skep.store.Event;
import dev.skep.store.Kind;
import dev.skep.store.MemoryStore;
import dev.skep.store.ReadTx;
import dev.skep.store.Tx;
import dev.skep.store.Watch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives new tasks what they need before they can be scheduled, then moves them NEW → PENDING ("pending
 * task scheduling"), many tasks per commit. Today a task needs nothing; network attachments, VIPs and
 * published ports will be allocated in {@link #allocate} — a task that cannot get them yet stays NEW.
 */
public final class Allocator implements Loop {
    private static final Logger LOG = LoggerFactory.getLogger(Allocator.class);
    static final String PENDING_MESSAGE = "pending task scheduling";
    /** Tasks per commit: one Raft entry each. */
    private static final int MAX_BATCH = 1000;
    private static final long IDLE_POLL_MILLIS = 250;

    private final MemoryStore store;
    private final Timer timer;
    /** IDs of NEW tasks waiting for a commit. */
    private final Set<String> pending = new LinkedHashSet<>();

    private volatile boolean running;
    private Thread thread;
    private Watch watch;

    public Allocator(MemoryStore store, Timer timer) {
        this.store = store;
        this.timer = timer;
    }

    @Override
    public synchronized void start() {
        if (thread != null) return;
        pending.clear();
        store.viewAndWatch(this::collectNew, Allocator::isNewTask, w -> watch = w);
        running = true;
        thread = new Thread(this::run, "skep-allocator");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        if (thread == null) return;
        running = false;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watch.close();
        thread = null;
    }

    private Void collectNew(ReadTx tx) {
        for (Task t : tx.tasks().all()) if (t.state() == TaskState.NEW) pending.add(t.id());
        return null;
    }

    private static boolean isNewTask(Event e) {
        return e.kind() == Kind.TASK && e.after() instanceof Task t && t.state() == TaskState.NEW;
    }

    private void run() {
        try {
            while (running) {
                allocatePending();
                Event first = watch.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                pending.add(first.after().id());
                for (Event e : watch.drain()) pending.add(e.after().id());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Commits every pending task, in batches. A task someone else changed meanwhile is dropped from the
     * batch; if it is still NEW, that change's event brings it back.
     */
    private void allocatePending() {
        if (pending.isEmpty()) return;
        List<String> ids = new ArrayList<>(pending);
        pending.clear();
        for (int from = 0; from < ids.size(); from += MAX_BATCH) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + MAX_BATCH));
            try {
                store.batch(tx -> allocateAll(tx, chunk));
            } catch (RuntimeException e) {
                if (!running) return;
                LOG.warn("allocator commit failed; will retry", e);
                pending.addAll(chunk);
            }
        }
    }

    private void allocateAll(Tx tx, List<String> ids) {
        Instant now = timer.now();
        for (String id : ids) {
            Task t = tx.tasks().get(id);
            if (t == null || t.state() != TaskState.NEW) continue;
            Task allocated = allocate(tx, t, now);
            if (allocated != null) tx.update(allocated);
        }
    }

    /** The task with its resources allocated and state PENDING, or null to leave it NEW for now. */
    private Task allocate(ReadTx tx, Task t, Instant now) {
        return t.withStatus(new TaskStatus(now, TaskState.PENDING, PENDING_MESSAGE, null, null, null));
    }
}
