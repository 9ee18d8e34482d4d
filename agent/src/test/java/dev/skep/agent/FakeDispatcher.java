package dev.skep.agent;

import dev.skep.api.dispatcher.AssignmentListener;
import dev.skep.api.dispatcher.Assignments;
import dev.skep.api.dispatcher.Dispatcher;
import dev.skep.api.dispatcher.Session;
import dev.skep.api.dispatcher.StatusUpdate;
import dev.skep.api.model.Node;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A dispatcher for agent tests: the test pushes assignments; status reports and heartbeats are recorded. */
public final class FakeDispatcher implements Dispatcher {
    public final List<String> sessionsOpened = new CopyOnWriteArrayList<>();
    public final List<List<StatusUpdate>> batches = new CopyOnWriteArrayList<>();
    public final Map<String, List<TaskState>> reported = new ConcurrentHashMap<>();
    public final Map<String, TaskStatus> latest = new ConcurrentHashMap<>();
    public final AtomicInteger heartbeats = new AtomicInteger();
    public volatile Node.Description description;
    public volatile boolean invalidateSessions;
    private final Duration period;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger sessionCounter = new AtomicInteger();
    private volatile String currentSession;
    private volatile AssignmentListener listener;
    private volatile List<Task> initial = List.of();

    public FakeDispatcher(Duration period) {
        this.period = period;
    }

    /** Tasks sent in the COMPLETE message of the next session. */
    public void initialTasks(List<Task> tasks) {
        this.initial = List.copyOf(tasks);
    }

    @Override
    public Session session(String nodeId, Node.Description description, AssignmentListener listener) {
        String id = "session-" + sessionCounter.incrementAndGet();
        this.description = description;
        this.currentSession = id;
        this.listener = listener;
        sessionsOpened.add(id);
        listener.assignments(
                new Assignments(Assignments.Type.COMPLETE, initial, List.of(), sequence.incrementAndGet()));
        return new Session() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public Duration heartbeatPeriod() {
                return period;
            }

            @Override
            public void close() {}
        };
    }

    public void complete(List<Task> tasks) {
        listener.assignments(new Assignments(Assignments.Type.COMPLETE, tasks, List.of(), sequence.incrementAndGet()));
    }

    public void update(Task... tasks) {
        listener.assignments(
                new Assignments(Assignments.Type.INCREMENTAL, List.of(tasks), List.of(), sequence.incrementAndGet()));
    }

    public void remove(String... taskIds) {
        listener.assignments(
                new Assignments(Assignments.Type.INCREMENTAL, List.of(), List.of(taskIds), sequence.incrementAndGet()));
    }

    /** Makes the next message's sequence number skip one, as if a message was lost. */
    public void skipSequence() {
        sequence.incrementAndGet();
    }

    @Override
    public void heartbeat(String sessionId) {
        heartbeats.incrementAndGet();
        if (invalidateSessions || !sessionId.equals(currentSession)) {
            throw new IllegalArgumentException("session invalid");
        }
    }

    @Override
    public void updateTaskStatus(String sessionId, List<StatusUpdate> updates) {
        if (!sessionId.equals(currentSession)) throw new IllegalArgumentException("session invalid");
        batches.add(new ArrayList<>(updates));
        for (StatusUpdate u : updates) {
            reported.computeIfAbsent(u.taskId(), k -> new CopyOnWriteArrayList<>())
                    .add(u.status().state());
            latest.put(u.taskId(), u.status());
        }
    }

    public TaskState state(String taskId) {
        TaskStatus s = latest.get(taskId);
        return s == null ? null : s.state();
    }
}
