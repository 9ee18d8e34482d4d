package dev.skep.agent;

import dev.skep.api.dispatcher.Dispatcher;
import dev.skep.api.dispatcher.StatusUpdate;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.time.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends observed task statuses to the dispatcher in batches: whatever piles up while one call is in flight goes
 * out in the next, and only the newest status of each task is kept. Failed sends are retried after a pause or as
 * soon as a new session is opened.
 */
final class StatusReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusReporter.class);
    static final Duration RETRY_DELAY = Duration.ofSeconds(1);

    private final Dispatcher dispatcher;
    private final Timer timer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, TaskStatus> pending = new LinkedHashMap<>();
    private String sessionId;
    private boolean backingOff;
    private boolean closed;
    private final Thread thread;

    StatusReporter(Dispatcher dispatcher, Timer timer) {
        this.dispatcher = dispatcher;
        this.timer = timer;
        this.thread = Thread.ofVirtual().name("skep-status-reporter").start(this::run);
    }

    /** The session to report on; null pauses reporting. */
    void session(String id) {
        lock.lock();
        try {
            sessionId = id;
            backingOff = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void report(String taskId, TaskStatus status) {
        lock.lock();
        try {
            keepNewest(taskId, status);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void keepNewest(String taskId, TaskStatus status) {
        TaskStatus queued = pending.get(taskId);
        if (queued == null || !queued.state().isAfter(status.state())) pending.put(taskId, status);
    }

    private void run() {
        while (true) {
            String sid;
            List<StatusUpdate> batch = new ArrayList<>();
            lock.lock();
            try {
                while (!closed && (pending.isEmpty() || sessionId == null || backingOff)) changed.await();
                if (closed) return;
                sid = sessionId;
                pending.forEach((id, s) -> batch.add(new StatusUpdate(id, s)));
                pending.clear();
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            send(sid, batch);
        }
    }

    private void send(String sid, List<StatusUpdate> batch) {
        try {
            dispatcher.updateTaskStatus(sid, batch);
        } catch (RuntimeException e) {
            LOG.warn("reporting {} task statuses failed, will retry: {}", batch.size(), e.getMessage());
            requeue(sid, batch);
        }
    }

    private void requeue(String sid, List<StatusUpdate> batch) {
        lock.lock();
        try {
            for (StatusUpdate u : batch) {
                if (!pending.containsKey(u.taskId())) pending.put(u.taskId(), u.status());
            }
            if (!sid.equals(sessionId)) return; // a new session came meanwhile: retry on it at once
            backingOff = true;
        } finally {
            lock.unlock();
        }
        timer.after(RETRY_DELAY, () -> {
            lock.lock();
            try {
                backingOff = false;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        });
    }

    /** Statuses not yet sent, for tests. */
    int pendingCount() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        thread.interrupt();
    }
}
