package dev.skep.manager.dispatcher;

import dev.skep.api.dispatcher.AssignmentListener;
import dev.skep.api.dispatcher.Assignments;
import dev.skep.api.dispatcher.NetworkView;
import dev.skep.api.dispatcher.Session;
import dev.skep.api.model.Task;
import dev.skep.api.time.Timer;
import java.time.Duration;
import java.util.List;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's session: its assignment stream (a COMPLETE message, then batched INCREMENTAL ones numbered
 * one by one) and its heartbeat deadline. Listener calls happen with this session's lock held.
 */
final class NodeSession implements Session {
    private static final Logger LOG = LoggerFactory.getLogger(NodeSession.class);

    private final String id;
    private final String nodeId;
    private final AssignmentListener listener;
    /** Follows Cluster.Spec.Dispatcher.HeartbeatPeriod: the agent learns a change from its next heartbeat reply. */
    private volatile Duration heartbeatPeriod;
    /** The longest period this session's agent was ever given: it may still be heartbeating at that pace. */
    private Duration longestPeriod;

    private java.time.Instant lastHeartbeat;
    private final DispatcherService owner;
    private final Timer timer;
    private final AssignmentSet assignments = new AssignmentSet();
    private long sequence;
    /** Events at or below this store index are already in the COMPLETE message. */
    private long snapshotIndex = Long.MAX_VALUE;

    private List<Task> complete;
    /** The network view the agent has (or will get with COMPLETE), and a newer one not yet sent. */
    private NetworkView sentView;

    private NetworkView pendingView;
    private boolean completeSent;
    private boolean closed;
    private Timer.Cancellable flushTimer;
    private Timer.Cancellable expiry;
    private long heartbeatGeneration;

    NodeSession(
            String id,
            String nodeId,
            AssignmentListener listener,
            Duration heartbeatPeriod,
            DispatcherService owner,
            Timer timer) {
        this.timer = timer;
        this.id = id;
        this.nodeId = nodeId;
        this.listener = listener;
        this.heartbeatPeriod = heartbeatPeriod;
        this.longestPeriod = heartbeatPeriod;
        this.lastHeartbeat = timer.now();
        this.owner = owner;
    }

    @Override
    public String id() {
        return id;
    }

    String nodeId() {
        return nodeId;
    }

    @Override
    public Duration heartbeatPeriod() {
        return heartbeatPeriod;
    }

    /** The cluster's period changed; the next heartbeat's deadline (and reply) uses it. */
    synchronized void heartbeatPeriod(Duration period) {
        heartbeatPeriod = period;
        if (period.compareTo(longestPeriod) > 0) longestPeriod = period;
    }

    /** Ends the assignment stream; the node goes down when its heartbeat deadline passes without a new session. */
    @Override
    public void close() {
        owner.closed(this);
    }

    // ---- assignments ------------------------------------------------------------------------------------

    /**
     * Takes the node's tasks as of store index {@code index} (called inside a store read); later events
     * are collected from here on. {@link #sendComplete} delivers them outside the store's lock.
     */
    synchronized void snapshot(List<Task> nodeTasks, long index) {
        snapshot(nodeTasks, index, null);
    }

    /** As {@link #snapshot(List, long)}, with the node's network view as of the same read. */
    synchronized void snapshot(List<Task> nodeTasks, long index, NetworkView view) {
        snapshot(nodeTasks, index, view, TaskDependencies.NONE);
    }

    /** As above, with the secrets and configs of the node's tasks as of the same read. */
    synchronized void snapshot(List<Task> nodeTasks, long index, NetworkView view, TaskDependencies data) {
        complete = assignments.reset(nodeTasks, data);
        snapshotIndex = index;
        sentView = view;
        pendingView = null;
    }

    /** The node's networks as now computed; sent (alone if need be) when they differ from what the agent has. */
    synchronized void networkView(NetworkView view) {
        if (closed || view == null) return;
        pendingView = view.equals(sentView) ? null : view;
        if (pendingView != null && completeSent) flush();
    }

    /** Delivers the COMPLETE message, then whatever changed since the snapshot in due course. */
    synchronized void sendComplete() {
        if (closed || completeSent) return;
        completeSent = true;
        deliver(Assignments.Type.COMPLETE, complete, List.of(), sentView);
        complete = null;
        scheduleFlush();
    }

    /** A committed change of one of the node's tasks ({@code task == null}: deleted or moved away). */
    synchronized void taskChanged(String taskId, Task task, long index) {
        taskChanged(taskId, task, index, TaskDependencies.NONE);
    }

    /** As above; {@code data} has the secrets and configs the task references, read before this call. */
    synchronized void taskChanged(String taskId, Task task, long index, TaskDependencies data) {
        if (closed || index <= snapshotIndex) return;
        boolean changed = task == null ? assignments.remove(taskId) : assignments.addOrUpdate(task, data);
        if (changed) scheduleFlush();
    }

    private void scheduleFlush() {
        if (!completeSent || (assignments.pendingChanges() == 0 && pendingView == null)) return;
        if (assignments.pendingChanges() >= DispatcherService.BATCH_LIMIT) {
            flush();
        } else if (flushTimer == null) {
            flushTimer = timer.after(DispatcherService.BATCH_WAIT, this::flush);
        }
    }

    /** Sends the changes collected so far as one INCREMENTAL message. */
    synchronized void flush() {
        if (flushTimer != null) {
            flushTimer.cancel();
            flushTimer = null;
        }
        if (closed || !completeSent || (assignments.pendingChanges() == 0 && pendingView == null)) return;
        NetworkView view = pendingView;
        if (view != null) sentView = view;
        pendingView = null;
        deliver(Assignments.Type.INCREMENTAL, assignments.takeUpdated(), assignments.takeRemoved(), view);
    }

    private void deliver(Assignments.Type type, List<Task> updated, List<String> removed, NetworkView view) {
        DependencySet d = assignments.dependencies();
        Assignments message = new Assignments(
                type,
                updated,
                removed,
                ++sequence,
                view,
                d.takeSecrets(),
                d.takeRemovedSecrets(),
                d.takeConfigs(),
                d.takeRemovedConfigs());
        try {
            listener.assignments(message);
        } catch (RuntimeException e) {
            LOG.warn("assignment listener of node {} failed", nodeId, e);
        }
    }

    /** The IDs of the secrets this node holds or is being sent (for tests and diagnostics). */
    synchronized java.util.Set<String> heldSecrets() {
        return assignments.dependencies().heldSecrets();
    }

    // ---- heartbeats -------------------------------------------------------------------------------------

    /**
     * Pushes the deadline out by {@code multiplier} periods; false when the session is no longer valid. The
     * period is the current one, unless the agent evidently still beats at a longer one it was given before
     * (the period was shortened and it has not picked that up yet): then that pace counts, so a shorter period
     * never declares a healthy node down.
     */
    synchronized boolean heartbeat(int multiplier, LongConsumer onExpiry) {
        if (closed) return false;
        java.time.Instant now = timer.now();
        Duration interval = Duration.between(lastHeartbeat, now);
        lastHeartbeat = now;
        Duration stillUsed = interval.compareTo(longestPeriod) < 0 ? interval : longestPeriod;
        Duration period = stillUsed.compareTo(heartbeatPeriod) > 0 ? stillUsed : heartbeatPeriod;
        armExpiry(period.multipliedBy(multiplier), onExpiry);
        return true;
    }

    synchronized void armExpiry(Duration grace, LongConsumer onExpiry) {
        if (expiry != null) expiry.cancel();
        long generation = ++heartbeatGeneration;
        expiry = timer.after(grace, () -> onExpiry.accept(generation));
    }

    /** True when no heartbeat came since the deadline of {@code generation} was set. */
    synchronized boolean expired(long generation) {
        return generation == heartbeatGeneration && expiry != null;
    }

    /** Stops the stream; with {@code forgetDeadline} also the heartbeat deadline (a newer session took over). */
    synchronized void shutdown(boolean forgetDeadline) {
        closed = true;
        if (flushTimer != null) {
            flushTimer.cancel();
            flushTimer = null;
        }
        if (forgetDeadline && expiry != null) {
            expiry.cancel();
            expiry = null;
        }
    }
}
