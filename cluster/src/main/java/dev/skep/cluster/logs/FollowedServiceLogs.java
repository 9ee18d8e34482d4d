package dev.skep.cluster.logs;

import dev.skep.api.dispatcher.LogSource.LogOptions;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.store.Event;
import dev.skep.store.MemoryStore;
import dev.skep.store.Watch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A following subscription to a service's logs ({@code docker service logs --follow}), as SwarmKit's log broker
 * runs one ({@code logbroker/subscription.go}): it reads the service's tasks that have a container and, watching
 * the store itself, every task that gets one later (scale-up, replacement, update). A task's log is read once its
 * container has run: before that its node has nothing to read, and the read would end at once. Each task's lines
 * come through {@link ClusterLogs} (the leader's broker). Runs until the calling thread is interrupted (the client
 * went away) or the service is removed.
 */
final class FollowedServiceLogs {
    private static final Comparator<Task> SLOT_ORDER =
            Comparator.comparing(Task::slotNumber).thenComparing(Task::id);

    private final ClusterLogs logs;
    private final LogOptions options;
    private final ClusterLogs.TaskLogSink sink;
    private final Consumer<Task> onFollow;
    private final Set<String> followed = new HashSet<>();
    private final List<Thread> readers = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    /**
     * @param sink     called by one reader at a time
     * @param onFollow told of each task before its first line is read
     */
    FollowedServiceLogs(ClusterLogs logs, LogOptions options, ClusterLogs.TaskLogSink sink, Consumer<Task> onFollow) {
        this.logs = logs;
        this.options = options;
        this.onFollow = onFollow;
        this.sink = (taskId, stream, line) -> {
            synchronized (this) {
                return sink.line(taskId, stream, line);
            }
        };
    }

    /** The store events this needs: the service's tasks, and the service itself (to end when it is removed). */
    static boolean relevant(Event e, String serviceId) {
        return switch (e.object()) {
            case Task t -> serviceId.equals(t.serviceID());
            case Service s -> serviceId.equals(s.id());
            default -> false;
        };
    }

    /**
     * Reads the service's tasks as {@code store} has them and those it reports later; returns why some logs
     * could not be read. Ends at once when the service no longer exists.
     */
    List<String> run(MemoryStore store, String serviceId) throws InterruptedException {
        AtomicReference<Watch> watch = new AtomicReference<>();
        List<Task> tasks = store.viewAndWatch(
                tx -> tx.services().get(serviceId) == null ? null : tx.tasksOfService(serviceId),
                e -> relevant(e, serviceId),
                watch::set);
        try {
            if (tasks != null) {
                tasks.stream().sorted(SLOT_ORDER).forEach(this::follow);
                followUntilRemoved(watch.get());
            }
        } catch (InterruptedException gone) {
            // the client went away
        } finally {
            watch.get().close();
            readers.forEach(Thread::interrupt);
        }
        for (Thread r : readers) r.join();
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    /** Follows each task the watch reports until the service is removed; no timer: it waits for commits. */
    private void followUntilRemoved(Watch watch) throws InterruptedException {
        while (true) {
            Event e = watch.poll(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
            if (e == null) continue;
            if (e.action() == Event.Action.DELETE && e.object() instanceof Service) return;
            if (e.after() instanceof Task t) follow(t);
        }
    }

    private void follow(Task t) {
        if (!hasRun(t) || !followed.add(t.id())) return;
        onFollow.accept(t);
        readers.add(Thread.ofVirtual().name("logs-" + t.id()).start(() -> {
            try {
                List<String> missed = logs.logs(List.of(t), options, sink);
                synchronized (problems) {
                    problems.addAll(missed);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                synchronized (problems) {
                    problems.add("task " + t.id() + ": " + e.getMessage());
                }
            }
        }));
    }

    /** Assigned to a node whose agent has created (and so can read) the task's container. */
    static boolean hasRun(Task t) {
        if (t.nodeID() == null || t.nodeID().isEmpty() || t.status() == null) return false;
        TaskState s = t.status().state();
        return s != null && (s.isAtLeast(TaskState.RUNNING) || t.status().containerStatus() != null);
    }
}
