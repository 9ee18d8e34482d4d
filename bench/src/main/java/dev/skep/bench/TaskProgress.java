package dev.skep.bench;

import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.store.Event;
import dev.skep.store.Kind;
import dev.skep.store.MemoryStore;
import dev.skep.store.Watch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Counts, from a store watch, how many distinct tasks reached each milestone of the pipeline (created by the
 * orchestrator, PENDING after allocation, ASSIGNED by the scheduler, RUNNING as reported by the agents) and
 * when the count first reached the target, in nanoseconds since {@link #start}.
 */
final class TaskProgress implements AutoCloseable {
    /** The milestones: a task counts once its observed state is at or after the milestone's state. */
    static final List<TaskState> MILESTONES =
            List.of(TaskState.NEW, TaskState.PENDING, TaskState.ASSIGNED, TaskState.RUNNING);

    private final Watch watch;
    private final int target;
    /** Per task, how many milestones it reached so far (one map update per write, not one per milestone). */
    private final Map<String, Integer> reached = new HashMap<>();

    private final int[] counts = new int[MILESTONES.size()];
    private final long[] firstAt = new long[MILESTONES.size()];
    private final long[] allAt = new long[MILESTONES.size()];
    private final Thread thread;
    private volatile long startNanos;
    private volatile boolean running = true;
    private long writes;

    TaskProgress(MemoryStore store, int target) {
        this.target = target;
        Arrays.fill(firstAt, -1);
        Arrays.fill(allAt, -1);
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
                List<Event> batch = new ArrayList<>();
                batch.add(e);
                batch.addAll(watch.drain());
                count(batch, System.nanoTime() - startNanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void count(List<Event> batch, long now) {
        boolean completed = false;
        for (Event e : batch) {
            writes++;
            Task t = (Task) e.after();
            TaskState state = t.status() == null ? TaskState.NEW : t.status().state();
            int reachedNow = milestonesReached(state);
            int before = reached.getOrDefault(t.id(), 0);
            if (reachedNow <= before) continue;
            reached.put(t.id(), reachedNow);
            for (int m = before; m < reachedNow; m++) {
                if (firstAt[m] < 0) firstAt[m] = now;
                if (++counts[m] == target) {
                    allAt[m] = now;
                    completed = true;
                }
            }
        }
        if (completed) notifyAll();
    }

    private static int milestonesReached(TaskState state) {
        int n = 0;
        while (n < MILESTONES.size() && state.isAtLeast(MILESTONES.get(n))) n++;
        return n;
    }

    /** Waits until {@code target} tasks reached the milestone; false on timeout. */
    synchronized boolean await(TaskState milestone, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int m = MILESTONES.indexOf(milestone);
        while (allAt[m] < 0) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) return false;
            wait(Math.min(left, 200));
        }
        return true;
    }

    /** How many task writes were committed since {@link #start} (creates and updates; deletes are not counted). */
    synchronized long writes() {
        return writes;
    }

    synchronized int count(TaskState milestone) {
        return counts[MILESTONES.indexOf(milestone)];
    }

    /** Seconds from time zero until every task reached the milestone, or NaN if they have not. */
    synchronized double allSeconds(TaskState milestone) {
        long n = allAt[MILESTONES.indexOf(milestone)];
        return n < 0 ? Double.NaN : n / 1e9;
    }

    /** Seconds from time zero until the first task reached the milestone, or NaN. */
    synchronized double firstSeconds(TaskState milestone) {
        long n = firstAt[MILESTONES.indexOf(milestone)];
        return n < 0 ? Double.NaN : n / 1e9;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        watch.close();
        synchronized (this) {
            reached.clear();
        }
    }
}
