package dev.skep.bench;

import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.store.Event;
import dev.skep.store.Kind;
import dev.skep.store.MemoryStore;
import dev.skep.store.Watch;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Counts, from a store watch, how many distinct tasks reached each milestone of the pipeline (created by the
 * orchestrator, PENDING after allocation, ASSIGNED by the scheduler, RUNNING as reported by the agents) and
 * when the count first reached the target, in nanoseconds since {@link #start}.
 */
final class TaskProgress implements AutoCloseable {
    /** The milestones: a task counts once its observed state is at or after the milestone's state. */
    static final List<TaskState> MILESTONES = List.of(TaskState.NEW, TaskState.PENDING, TaskState.ASSIGNED,
            TaskState.RUNNING);

    private final Watch watch;
    private final int target;
    private final Map<TaskState, Set<String>> reached = new EnumMap<>(TaskState.class);
    private final Map<TaskState, Long> firstAt = new EnumMap<>(TaskState.class);
    private final Map<TaskState, Long> allAt = new EnumMap<>(TaskState.class);
    private final Thread thread;
    private volatile long startNanos;
    private volatile boolean running = true;

    TaskProgress(MemoryStore store, int target) {
        this.target = target;
        for (TaskState s : MILESTONES) reached.put(s, new HashSet<>());
        this.watch = store.watch(e -> e.kind() == Kind.TASK && e.after() != null);
        this.thread = new Thread(this::run, "bench-progress");
        thread.setDaemon(true);
    }

    /** Time zero is now; counting starts. */
    void start() {
        startNanos = System.nanoTime();
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                Event e = watch.poll(100, TimeUnit.MILLISECONDS);
                if (e == null) continue;
                long now = System.nanoTime() - startNanos;
                count((Task) e.after(), now);
                for (Event more : watch.drain()) count((Task) more.after(), now);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void count(Task t, long now) {
        TaskState state = t.status() == null ? TaskState.NEW : t.status().state();
        for (TaskState m : MILESTONES) {
            if (state.isAtLeast(m)) {
                Set<String> ids = reached.get(m);
                if (ids.add(t.id())) {
                    firstAt.putIfAbsent(m, now);
                    if (ids.size() == target) allAt.put(m, now);
                }
            }
        }
        notifyAll();
    }

    /** Waits until {@code target} tasks reached the milestone; false on timeout. */
    synchronized boolean await(TaskState milestone, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!allAt.containsKey(milestone)) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) return false;
            wait(Math.min(left, 200));
        }
        return true;
    }

    synchronized int count(TaskState milestone) {
        return reached.get(milestone).size();
    }

    /** Seconds from time zero until every task reached the milestone, or NaN if they have not. */
    synchronized double allSeconds(TaskState milestone) {
        Long n = allAt.get(milestone);
        return n == null ? Double.NaN : n / 1e9;
    }

    /** Seconds from time zero until the first task reached the milestone, or NaN. */
    synchronized double firstSeconds(TaskState milestone) {
        Long n = firstAt.get(milestone);
        return n == null ? Double.NaN : n / 1e9;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        watch.close();
        synchronized (this) {
            reached.values().forEach(Set::clear);
        }
    }
}
