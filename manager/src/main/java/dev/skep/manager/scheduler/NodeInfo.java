package dev.skep.manager.scheduler;

import dev.skep.api.model.Node;
import dev.skep.api.model.Resources;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.resources.GenericPool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the scheduler knows about one node, kept up to date incrementally: the tasks placed on it that still
 * hold resources (PENDING…RUNNING), how many are active per service, what CPU and memory remain, which
 * host ports are bound, and recent failures per service version.
 */
final class NodeInfo {
    /** A node with this many failures of a service version within {@link #FAILURE_WINDOW} goes last. */
    static final int MAX_FAILURES = 5;

    static final Duration FAILURE_WINDOW = Duration.ofMinutes(5);

    private Node node;
    private final Map<String, Task> tasks = new HashMap<>();
    private final Map<String, Set<HostPort>> portsByTask = new HashMap<>();
    private final Map<HostPort, Integer> usedHostPorts = new HashMap<>();
    private final Map<String, Integer> activeByService = new HashMap<>();
    private final Map<String, Deque<Instant>> recentFailures = new HashMap<>();
    private int activeTasks;
    private long availableCpus;
    private long availableMemory;
    private GenericPool generic;

    NodeInfo(Node node) {
        setNode(node);
    }

    Node node() {
        return node;
    }

    String id() {
        return node.id();
    }

    /** Replaces the node object (spec, status, description) and recomputes what remains of its resources. */
    void setNode(Node n) {
        node = n;
        Resources total = n.description() == null ? null : n.description().resources();
        availableCpus = total == null ? 0 : total.cpus();
        availableMemory = total == null ? 0 : total.memory();
        generic = new GenericPool(total == null ? null : total.genericResources());
        for (Task t : tasks.values()) reserve(t, 1);
    }

    long availableCpus() {
        return availableCpus;
    }

    long availableMemory() {
        return availableMemory;
    }

    /** Whether the node still has the generic resources (GPUs…) a task asks for. */
    boolean fitsGeneric(List<Resources.GenericResource> request) {
        return generic.fits(request);
    }

    /** The task with the generic resources it would get here (the first free units), ready to be added. */
    Task withGenericAssigned(Task t) {
        Resources r = reservations(t);
        if (r == null || r.genericResources() == null || r.genericResources().isEmpty()) return t;
        return t.withAssignedGenericResources(generic.claim(r.genericResources()));
    }

    int activeTasks() {
        return activeTasks;
    }

    int activeTasksOf(String serviceId) {
        return activeByService.getOrDefault(serviceId, 0);
    }

    boolean usesHostPort(HostPort p) {
        return usedHostPorts.containsKey(p);
    }

    boolean hasTask(String taskId) {
        return tasks.containsKey(taskId);
    }

    /** Adds a task placed on this node, or refreshes it; true when the node's figures changed. */
    boolean addTask(Task t, Set<HostPort> ports) {
        Task old = tasks.put(t.id(), t);
        if (old != null) {
            boolean wasActive = isActive(old);
            if (wasActive == isActive(t)) return false;
            countActive(t.serviceID(), wasActive ? -1 : 1);
            return true;
        }
        reserve(t, 1);
        if (!ports.isEmpty()) {
            portsByTask.put(t.id(), ports);
            for (HostPort p : ports) usedHostPorts.merge(p, 1, Integer::sum);
        }
        if (isActive(t)) countActive(t.serviceID(), 1);
        return true;
    }

    /** Forgets a task (it ended or was deleted), giving back what it held; true when it was tracked. */
    boolean removeTask(String taskId) {
        Task old = tasks.remove(taskId);
        if (old == null) return false;
        reserve(old, -1);
        Set<HostPort> ports = portsByTask.remove(taskId);
        if (ports != null) {
            for (HostPort p : ports) usedHostPorts.computeIfPresent(p, (k, n) -> n <= 1 ? null : n - 1);
        }
        if (isActive(old)) countActive(old.serviceID(), -1);
        return true;
    }

    /** Remembers that a task of this service version failed here, dropping failures older than the window. */
    void taskFailed(Task t, Instant now) {
        Deque<Instant> times = recentFailures.computeIfAbsent(failureKey(t), k -> new ArrayDeque<>());
        expire(times, now);
        times.addLast(now);
        if (recentFailures.size() > 64) {
            for (Iterator<Deque<Instant>> it = recentFailures.values().iterator(); it.hasNext(); ) {
                Deque<Instant> d = it.next();
                expire(d, now);
                if (d.isEmpty()) it.remove();
            }
        }
    }

    int recentFailures(Task t, Instant now) {
        return recentFailures(failureKey(t), now);
    }

    /** As {@link #recentFailures(Task, Instant)} with the task's {@link #failureKey}, for callers that reuse it. */
    int recentFailures(String failureKey, Instant now) {
        if (recentFailures.isEmpty()) return 0;
        Deque<Instant> times = recentFailures.get(failureKey);
        if (times == null) return 0;
        int n = 0;
        for (Instant i : times) if (Duration.between(i, now).compareTo(FAILURE_WINDOW) <= 0) n++;
        return n;
    }

    private static void expire(Deque<Instant> times, Instant now) {
        while (!times.isEmpty() && Duration.between(times.peekFirst(), now).compareTo(FAILURE_WINDOW) > 0) {
            times.removeFirst();
        }
    }

    static String failureKey(Task t) {
        return t.serviceID() + "@"
                + (t.specVersion() == null ? 0 : t.specVersion().value());
    }

    private void reserve(Task t, int sign) {
        Resources r = reservations(t);
        if (r == null) return;
        availableCpus -= sign * r.cpus();
        availableMemory -= sign * r.memory();
        generic.take(t.assignedGenericResources(), sign);
    }

    private void countActive(String serviceId, int delta) {
        activeTasks += delta;
        activeByService.merge(serviceId, delta, Integer::sum);
    }

    /** A task counts towards spreading while it is meant to run (desired state up to COMPLETE). */
    private static boolean isActive(Task t) {
        return t.desiredState() == null || !t.desiredState().isAfter(TaskState.COMPLETE);
    }

    static Resources reservations(Task t) {
        var spec = t.spec();
        return spec == null || spec.resources() == null
                ? null
                : spec.resources().reservations();
    }
}
