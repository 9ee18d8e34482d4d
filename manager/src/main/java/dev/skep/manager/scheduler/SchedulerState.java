package dev.skep.manager.scheduler;

import dev.skep.api.model.Node;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.store.Event;
import dev.skep.store.ReadTx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the scheduler tracks (SwarmKit's scheduler state): nodes with the tasks they hold and the resources and
 * ports those use, the tasks waiting for a place, and services' host ports and strategies. It is rebuilt from the
 * store ({@link #load}), kept current from its events ({@link #apply}), and planned over ({@link #planPreassigned},
 * {@link #planQueue}) with no store and no thread: the loop commits the plans, tests run them directly.
 */
final class SchedulerState {
    private final NodeSet nodeSet = new NodeSet();
    /** Tasks that hold or wait for a place: PENDING (wanting to run) up to RUNNING. */
    private final Map<String, Task> allTasks = new HashMap<>();

    private final Map<String, Task> unassigned = new LinkedHashMap<>();
    private final Map<String, Task> pendingPreassigned = new LinkedHashMap<>();
    /** Tasks whose node was chosen by the orchestrator; their failures say nothing about the node. */
    private final Set<String> preassigned = new HashSet<>();
    /** Known services and the host-mode ports their tasks bind. */
    private final Map<String, Set<HostPort>> services = new HashMap<>();
    /** Services that chose another strategy than spread, by service ID. */
    private final Map<String, Strategy> strategies = new HashMap<>();

    private final Placer placer = new Placer(nodeSet, this::hostPortsOf, strategies::get);

    /** Forgets everything and reads the store's services, nodes and tasks. */
    void load(ReadTx tx) {
        nodeSet.clear();
        allTasks.clear();
        unassigned.clear();
        pendingPreassigned.clear();
        preassigned.clear();
        services.clear();
        strategies.clear();
        for (Service s : tx.services().all()) serviceChanged(s);
        for (Node n : tx.nodes().all()) nodeSet.put(new NodeInfo(n));
        for (Task t : tx.tasks().all()) taskChanged(t, null);
    }

    /** Follows one committed change; true when the queue is worth scheduling again (tasks queued, room freed). */
    boolean apply(Event e, Instant now) {
        boolean deleted = e.action() == Event.Action.DELETE;
        return switch (e.kind()) {
            case TASK -> deleted ? forget(e.before().id()) : taskChanged((Task) e.after(), now);
            case NODE -> {
                if (deleted) nodeSet.remove(e.before().id());
                else nodeChanged((Node) e.after());
                yield !deleted;
            }
            case SERVICE -> {
                if (deleted) {
                    services.remove(e.before().id());
                    strategies.remove(e.before().id());
                } else {
                    serviceChanged((Service) e.after());
                }
                yield false;
            }
            default -> false;
        };
    }

    NodeInfo node(String id) {
        return nodeSet.get(id);
    }

    private void serviceChanged(Service s) {
        services.put(s.id(), hostPortsOf(s));
        Strategy strategy = Strategy.of(s.spec() == null ? null : s.spec().labels());
        if (strategy instanceof SpreadStrategy) strategies.remove(s.id());
        else strategies.put(s.id(), strategy);
    }

    private void nodeChanged(Node n) {
        NodeInfo info = nodeSet.get(n.id());
        if (info != null) {
            info.setNode(n);
            return;
        }
        info = new NodeInfo(n);
        nodeSet.put(info);
        // tasks may name a node before its object reaches us (e.g. after a restore)
        for (Task t : allTasks.values()) {
            if (n.id().equals(t.nodeID()) && t.state().isAtLeast(TaskState.ASSIGNED)) info.addTask(t, hostPortsOf(t));
        }
    }

    /**
     * Tracks a task's new version (SwarmKit's createTask/updateTask); {@code now} dates a failure on its node, null
     * when loading. True when the queue is worth scheduling again.
     */
    boolean taskChanged(Task t, Instant now) {
        TaskState s = t.state();
        if (s.compareTo(TaskState.PENDING) < 0) return false;
        Task old = allTasks.get(t.id());
        if (s.isAfter(TaskState.RUNNING)) {
            if (old == null) return false;
            if (now != null
                    && (s == TaskState.FAILED || s == TaskState.REJECTED)
                    && old.state() != s
                    && !preassigned.contains(t.id())) {
                NodeInfo node = nodeSet.get(t.nodeID());
                if (node != null) node.taskFailed(t, now);
            }
            forget(t.id());
            return true; // it gave back resources
        }
        if (s == TaskState.PENDING && !wantsToRun(t)) {
            if (old != null) forget(t.id());
            return false;
        }
        if (t.nodeID() == null) {
            if (old != null) forget(t.id());
            allTasks.put(t.id(), t);
            unassigned.put(t.id(), t);
            return true;
        }
        if (s == TaskState.PENDING) {
            if (old != null) forget(t.id());
            preassigned.add(t.id());
            allTasks.put(t.id(), t);
            pendingPreassigned.put(t.id(), t);
            return false;
        }
        allTasks.put(t.id(), t);
        NodeInfo node = nodeSet.get(t.nodeID());
        if (node != null) node.addTask(t, hostPortsOf(t));
        return false;
    }

    /** Stops tracking a task; true when that gave a node back resources. */
    boolean forget(String taskId) {
        Task old = allTasks.remove(taskId);
        unassigned.remove(taskId);
        pendingPreassigned.remove(taskId);
        preassigned.remove(taskId);
        if (old == null) return false;
        NodeInfo node = nodeSet.get(old.nodeID());
        return node != null && node.removeTask(taskId);
    }

    /** Jobs want COMPLETE; anything beyond (SHUTDOWN, REMOVE) will never run and is left to the reaper. */
    private static boolean wantsToRun(Task t) {
        return t.desiredState() == null || !t.desiredState().isAfter(TaskState.COMPLETE);
    }

    boolean hasPreassigned() {
        return !pendingPreassigned.isEmpty();
    }

    /** Decides every preassigned (global) task waiting for its node's confirmation; they go first. */
    List<Decision> planPreassigned(Instant now) {
        List<Decision> decisions = new ArrayList<>();
        for (Task t : new ArrayList<>(pendingPreassigned.values())) {
            Decision d = placer.placePreassigned(t, now);
            if (d == null) continue;
            allTasks.put(t.id(), d.updated());
            if (d.updated().state() != TaskState.ASSIGNED) pendingPreassigned.put(t.id(), d.updated());
            decisions.add(d);
        }
        return decisions;
    }

    /** Preassigned tasks whose ASSIGNED decision landed need no more confirming. */
    void preassignedLanded(List<Decision> decisions, Collection<Decision> failed) {
        Set<String> failedIds = new HashSet<>();
        for (Decision d : failed) failedIds.add(d.old().id());
        for (Decision d : decisions) {
            if (!failedIds.contains(d.old().id()) && d.updated().state() == TaskState.ASSIGNED) {
                pendingPreassigned.remove(d.old().id());
            }
        }
    }

    /**
     * Decides every queued task, grouping tasks of the same service and spec version. A task that fits nowhere
     * stays queued (with its Err), except when its service is gone: the orchestrator removes it.
     */
    List<Decision> planQueue(Instant now) {
        Map<String, List<Task>> groups = new LinkedHashMap<>();
        for (Task t : unassigned.values()) {
            String key = t.specVersion() == null
                    ? "task:" + t.id()
                    : t.serviceID() + "@" + t.specVersion().value();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
        }
        unassigned.clear();
        List<Decision> decisions = new ArrayList<>();
        for (List<Task> group : groups.values()) {
            for (Decision d : placer.place(group, now)) {
                Task updated = d.updated();
                if (updated.state() != TaskState.ASSIGNED) {
                    if (!services.containsKey(updated.serviceID())) {
                        allTasks.remove(updated.id());
                        continue;
                    }
                    unassigned.put(updated.id(), updated);
                }
                allTasks.put(updated.id(), updated);
                decisions.add(d);
            }
        }
        return decisions;
    }

    /**
     * Undoes what failed decisions changed and tracks their tasks as the store has them now (those gone are not in
     * {@code current}); true when that queued tasks again.
     */
    boolean retrack(Collection<Decision> failed, Collection<Task> current) {
        for (Decision d : failed) forget(d.old().id());
        boolean queued = false;
        for (Task t : current) queued |= taskChanged(t, null);
        return queued;
    }

    /**
     * The host-mode ports a task binds. Tasks carry no endpoint yet, so they come from the service's
     * EndpointSpec (when the allocator starts writing Task.Endpoint, read it here instead).
     */
    private Set<HostPort> hostPortsOf(Task t) {
        Set<HostPort> ports = services.get(t.serviceID());
        return ports == null ? Set.of() : ports;
    }

    private static Set<HostPort> hostPortsOf(Service s) {
        var endpoint = s.spec() == null ? null : s.spec().endpointSpec();
        return HostPort.of(endpoint == null ? null : endpoint.ports());
    }
}
