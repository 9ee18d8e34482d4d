package dev.skep.agent;

import dev.skep.agent.exec.Controller;
import dev.skep.agent.exec.ExecException;
import dev.skep.agent.exec.Executor;
import dev.skep.agent.secrets.SecretStore;
import dev.skep.api.dispatcher.Assignments;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.time.Timer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the assignment stream into task managers (SwarmKit's {@code agent/worker.go}): one per assigned task.
 * A task that leaves the assignments is closed and its container removed; a COMPLETE set also removes containers
 * of this node that belong to no assigned task (left over from an earlier agent).
 */
final class Worker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final String nodeId;
    private final Executor executor;
    private final StatusReporter reporter;
    private final Timer timer;
    private final ExecutorService pool;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, TaskManager> managers = new HashMap<>();
    private boolean closed;
    private final SecretStore secrets;

    Worker(String nodeId, Executor executor, StatusReporter reporter, Timer timer, ExecutorService pool) {
        this(nodeId, executor, reporter, timer, pool, new SecretStore());
    }

    Worker(
            String nodeId,
            Executor executor,
            StatusReporter reporter,
            Timer timer,
            ExecutorService pool,
            SecretStore secrets) {
        this.secrets = secrets;
        this.nodeId = nodeId;
        this.executor = executor;
        this.reporter = reporter;
        this.timer = timer;
        this.pool = pool;
    }

    void assign(Assignments message) {
        lock.lock();
        try {
            if (closed) return;
            secrets.apply(message); // before the tasks that need them start
            if (message.type() == Assignments.Type.COMPLETE) {
                reconcile(message.updated());
            } else {
                message.updated().forEach(this::upsert);
                message.removed().forEach(this::remove);
            }
        } finally {
            lock.unlock();
        }
        if (message.type() == Assignments.Type.COMPLETE) pool.execute(this::removeUnassignedContainers);
    }

    private void reconcile(List<Task> tasks) {
        Set<String> assigned = new HashSet<>();
        for (Task t : tasks) assigned.add(t.id());
        for (String id : new ArrayList<>(managers.keySet())) {
            if (!assigned.contains(id)) remove(id);
        }
        tasks.forEach(this::upsert);
    }

    private void upsert(Task task) {
        TaskManager existing = managers.get(task.id());
        if (existing != null) {
            existing.update(task);
            return;
        }
        Controller ctlr;
        try {
            ctlr = executor.controller(task);
        } catch (ExecException e) {
            reject(task, e);
            return;
        }
        TaskManager tm = new TaskManager(task, ctlr, reporter, timer);
        managers.put(task.id(), tm);
        tm.start(pool);
    }

    /** No controller for the task: it can not run here (SwarmKit's Resolve failure). */
    private void reject(Task task, ExecException e) {
        if (task.state().isTerminal()) return;
        TaskState state = task.state().compareTo(TaskState.STARTING) < 0 ? TaskState.REJECTED : TaskState.FAILED;
        LOG.warn("task {}: no controller: {}", task.id(), e.getMessage());
        reporter.report(
                task.id(),
                new TaskStatus(timer.now(), state, "resolving controller failed", e.getMessage(), null, null));
    }

    private void remove(String taskId) {
        TaskManager tm = managers.remove(taskId);
        if (tm != null) tm.close(true);
    }

    private boolean isAssigned(String taskId) {
        lock.lock();
        try {
            return managers.containsKey(taskId);
        } finally {
            lock.unlock();
        }
    }

    private void removeUnassignedContainers() {
        try {
            executor.removeUnassigned(nodeId, this::isAssigned);
        } catch (RuntimeException e) {
            LOG.warn("removing containers of unassigned tasks failed: {}", e.getMessage());
        }
    }

    /** The status the manager of a task has observed, or null when the task is not assigned here. */
    TaskStatus status(String taskId) {
        lock.lock();
        try {
            TaskManager tm = managers.get(taskId);
            return tm == null ? null : tm.status();
        } finally {
            lock.unlock();
        }
    }

    int taskCount() {
        lock.lock();
        try {
            return managers.size();
        } finally {
            lock.unlock();
        }
    }

    /** Stops every task manager but leaves the tasks' containers running, as an agent restart should. */
    @Override
    public void close() {
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        lock.lock();
        try {
            closed = true;
            managers.values().forEach(tm -> stopping.add(tm.close(false)));
            managers.clear();
        } finally {
            lock.unlock();
        }
        CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).join();
    }
}
