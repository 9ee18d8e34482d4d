package dev.skep.manager.dispatcher;

import dev.skep.api.dispatcher.StatusUpdate;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.time.Timer;
import dev.skep.store.ApplyResult;
import dev.skep.store.MemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects agents' task status reports and writes them in one batch at most {@link #INTERVAL} later
 * (or at once past {@link #MAX_ITEMS}). A report that would move a task's state backwards, or that names a
 * task not assigned to the reporting node, is ignored: task state only moves forward.
 */
final class StatusBatcher {
    private static final Logger LOG = LoggerFactory.getLogger(StatusBatcher.class);
    /**
     * Short, so that a report reaches the store quickly when the dispatcher is idle; under load, reports still
     * pile up into one batch while the writer thread waits for the previous batch's Raft commit.
     */
    static final Duration INTERVAL = Duration.ofMillis(10);

    static final int MAX_ITEMS = 10_000;
    private static final int ATTEMPTS = 5;

    private record Pending(String nodeId, TaskStatus status) {}

    private final MemoryStore store;
    private final Timer timer;
    private final Executor writer;
    private Map<String, Pending> pending = new LinkedHashMap<>();
    /** Completes when the batch now being collected is committed (or fails when it could not be). */
    private CompletableFuture<Void> pendingCommit = new CompletableFuture<>();

    private Timer.Cancellable flushTimer;

    StatusBatcher(MemoryStore store, Timer timer, Executor writer) {
        this.store = store;
        this.timer = timer;
        this.writer = writer;
    }

    /** Queues a node's reports for the next batch; the future completes when that batch is committed. */
    CompletableFuture<Void> add(String nodeId, List<StatusUpdate> updates) {
        List<StatusUpdate> valid = store.view(tx -> {
            List<StatusUpdate> out = new ArrayList<>();
            for (StatusUpdate u : updates) {
                if (u == null || u.status() == null || u.status().state() == null) continue;
                Task t = tx.tasks().get(u.taskId());
                if (t != null && nodeId.equals(t.nodeID())) out.add(u);
            }
            return out;
        });
        if (valid.isEmpty()) return CompletableFuture.completedFuture(null);
        boolean flushNow;
        CompletableFuture<Void> committed;
        synchronized (this) {
            committed = pendingCommit;
            for (StatusUpdate u : valid) {
                TaskStatus status = u.status().timestamp() != null
                        ? u.status()
                        : new TaskStatus(
                                timer.now(),
                                u.status().state(),
                                u.status().message(),
                                u.status().err(),
                                u.status().containerStatus(),
                                u.status().portStatus());
                // within one batch keep the furthest state: reports may arrive out of order
                pending.merge(
                        u.taskId(),
                        new Pending(nodeId, status),
                        (a, b) -> b.status().state().compareTo(a.status().state()) >= 0 ? b : a);
            }
            flushNow = pending.size() >= MAX_ITEMS;
            if (!flushNow && flushTimer == null) {
                flushTimer = timer.after(INTERVAL, () -> writer.execute(this::flush));
            }
        }
        if (flushNow) writer.execute(this::flush);
        return committed;
    }

    void cancel() {
        synchronized (this) {
            if (flushTimer != null) flushTimer.cancel();
            flushTimer = null;
            pending = new LinkedHashMap<>();
            pendingCommit.completeExceptionally(new IllegalStateException("the dispatcher stopped"));
            pendingCommit = new CompletableFuture<>();
        }
    }

    /** Writes the queued reports; runs on the dispatcher's writer thread. */
    void flush() {
        Map<String, Pending> todo;
        CompletableFuture<Void> committed;
        synchronized (this) {
            if (flushTimer != null) flushTimer.cancel();
            flushTimer = null;
            todo = pending;
            pending = new LinkedHashMap<>();
            committed = pendingCommit;
            pendingCommit = new CompletableFuture<>();
        }
        try {
            write(todo);
            committed.complete(null);
        } catch (RuntimeException e) {
            LOG.warn("could not write {} task status updates", todo.size(), e);
            committed.completeExceptionally(e);
        }
    }

    /** Commits the reports, retrying those a concurrent writer's commit made this batch drop. */
    private void write(Map<String, Pending> todo) {
        // a batch drops a write that raced with another writer; retry what did not land
        for (int attempt = 1; attempt <= ATTEMPTS && !todo.isEmpty(); attempt++) {
            Map<String, Pending> batch = todo;
            ApplyResult r = store.batch(tx -> batch.forEach((id, p) -> {
                Task t = tx.tasks().get(id);
                if (applies(t, p)) tx.update(t.withStatus(p.status()));
            }));
            if (r.skipped() == 0) return;
            todo = store.view(tx -> {
                Map<String, Pending> left = new LinkedHashMap<>();
                batch.forEach((id, p) -> {
                    if (applies(tx.tasks().get(id), p)) left.put(id, p);
                });
                return left;
            });
        }
    }

    private static boolean applies(Task t, Pending p) {
        return t != null
                && p.nodeId().equals(t.nodeID())
                && !t.state().isAfter(p.status().state())
                && !Objects.equals(t.status(), p.status());
    }
}
