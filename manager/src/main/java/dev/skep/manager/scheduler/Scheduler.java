package dev.skep.manager.scheduler;

import dev.skep.api.model.Node;
import dev.skep.api.model.Placement;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.time.Timer;
import dev.skep.manager.EventLoop;
import dev.skep.store.ApplyResult;
import dev.skep.store.Event;
import dev.skep.store.Kind;
import dev.skep.store.MemoryStore;
import dev.skep.store.ReadTx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places PENDING tasks on nodes (SwarmKit's scheduler): filters nodes, ranks them by the service's
 * {@link Strategy} (spread over the nodes with the fewest of its tasks, or bin-pack with the label
 * {@code skep.scheduler.strategy=binpack}), honours spread preferences, and writes ASSIGNED + NodeID. Tasks that fit
 * nowhere stay PENDING with {@code Status.Err} "no suitable node (…)" and are retried when nodes or tasks
 * change. Global tasks come with a NodeID and are only checked against that node.
 *
 * <p>All bookkeeping (per-node resources, counts, ports) lives in memory, is rebuilt from the store on start,
 * and is kept current from the store's events, so a placement never rescans the task table.
 */
public final class Scheduler extends EventLoop {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    static final String ASSIGNED_MESSAGE = "scheduler assigned task to node";
    static final String PREASSIGNED_MESSAGE = "scheduler confirmed task can run on preassigned node";
    /** Decisions per commit: one Raft entry each, big enough for bursts, small enough to stay fast. */
    private static final int MAX_BATCH = 1000;
    /** Batches committing at once (a burst of many thousand decisions keeps Raft busy without flooding it). */
    private static final int MAX_IN_FLIGHT = 4;
    /** How long the loop waits before retrying decisions that did not land, when no event brings it back first. */
    static final Duration RETRY_DELAY = Duration.ofMillis(250);

    private record Decision(Task old, Task updated) {
    }

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
    private static final Strategy DEFAULT_STRATEGY = new SpreadStrategy();
    private final Pipeline pipeline = new Pipeline(this::hostPortsOf);
    private boolean tickRequired;
    /** A retry wake-up is armed. */
    private boolean retryArmed;

    public Scheduler(MemoryStore store, Timer timer) {
        super("scheduler", store, timer);
    }

    @Override
    protected boolean interestedIn(Event e) {
        return e.kind() == Kind.TASK || e.kind() == Kind.NODE || e.kind() == Kind.SERVICE;
    }

    @Override
    protected void load(ReadTx tx) {
        clear();
        for (Service s : tx.services().all()) serviceChanged(s);
        for (Node n : tx.nodes().all()) nodeSet.put(new NodeInfo(n));
        for (Task t : tx.tasks().all()) onTask(t);
    }

    @Override
    protected void reconcileAll() {
        tickRequired = true;
    }

    @Override
    protected void tick() {
        schedule();
    }

    private void clear() {
        nodeSet.clear();
        allTasks.clear();
        unassigned.clear();
        pendingPreassigned.clear();
        preassigned.clear();
        services.clear();
        strategies.clear();
    }

    /** One round: preassigned tasks first (global services should start first), then the queue. */
    private void schedule() {
        try {
            if (!pendingPreassigned.isEmpty()) processPreassigned();
            if (tickRequired) {
                tickRequired = false;
                scheduleQueue();
            }
        } catch (RuntimeException e) {
            LOG.warn("scheduling round failed; will retry", e);
            retryLater();
        }
    }

    /**
     * Runs a full round again after {@link #RETRY_DELAY}: what did not land (a lost race, a failed commit) is
     * tried again even when no event comes to bring it back.
     */
    private void retryLater() {
        if (retryArmed) return;
        retryArmed = true;
        after(RETRY_DELAY, () -> {
            retryArmed = false;
            tickRequired = true;
        });
    }

    // ---- events -----------------------------------------------------------------------------------------

    @Override
    protected void handle(Event e) {
        switch (e.kind()) {
            case TASK -> {
                if (e.action() == Event.Action.DELETE) {
                    if (forget(e.before().id())) tickRequired = true;
                } else {
                    onTask((Task) e.after());
                }
            }
            case NODE -> {
                if (e.action() == Event.Action.DELETE) {
                    nodeSet.remove(e.before().id());
                } else {
                    onNode((Node) e.after());
                    tickRequired = true;
                }
            }
            case SERVICE -> {
                if (e.action() == Event.Action.DELETE) {
                    services.remove(e.before().id());
                    strategies.remove(e.before().id());
                } else {
                    serviceChanged((Service) e.after());
                }
            }
            default -> {
            }
        }
    }

    private void serviceChanged(Service s) {
        services.put(s.id(), hostPortsOf(s));
        Strategy strategy = Strategy.of(s.spec() == null ? null : s.spec().labels());
        if (strategy instanceof SpreadStrategy) strategies.remove(s.id());
        else strategies.put(s.id(), strategy);
    }

    private void onNode(Node n) {
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

    /** Tracks a task's new version; mirrors SwarmKit's createTask/updateTask. */
    private void onTask(Task t) {
        TaskState s = t.state();
        if (s.compareTo(TaskState.PENDING) < 0) return;
        Task old = allTasks.get(t.id());
        if (s.isAfter(TaskState.RUNNING)) {
            if (old == null) return;
            if ((s == TaskState.FAILED || s == TaskState.REJECTED) && old.state() != s
                    && !preassigned.contains(t.id())) {
                NodeInfo node = nodeSet.get(t.nodeID());
                if (node != null) node.taskFailed(t, timer.now());
            }
            forget(t.id());
            tickRequired = true; // it gave back resources
            return;
        }
        if (s == TaskState.PENDING && !wantsToRun(t)) {
            if (old != null) forget(t.id());
            return;
        }
        if (t.nodeID() == null) {
            if (old != null) forget(t.id());
            allTasks.put(t.id(), t);
            unassigned.put(t.id(), t);
            tickRequired = true;
            return;
        }
        if (s == TaskState.PENDING) {
            if (old != null) forget(t.id());
            preassigned.add(t.id());
            allTasks.put(t.id(), t);
            pendingPreassigned.put(t.id(), t);
            return;
        }
        allTasks.put(t.id(), t);
        NodeInfo node = nodeSet.get(t.nodeID());
        if (node != null) node.addTask(t, hostPortsOf(t));
    }

    /** Stops tracking a task; true when that gave a node back resources. */
    private boolean forget(String taskId) {
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

    // ---- preassigned (global) tasks ---------------------------------------------------------------------

    private void processPreassigned() {
        Map<String, Decision> decisions = new LinkedHashMap<>();
        for (Task t : new ArrayList<>(pendingPreassigned.values())) {
            Decision d = fitPreassigned(t);
            if (d != null) decisions.put(t.id(), d);
        }
        List<Decision> failed = commit(decisions.values());
        Set<String> failedIds = new HashSet<>();
        for (Decision d : failed) failedIds.add(d.old().id());
        for (Decision d : decisions.values()) {
            if (!failedIds.contains(d.old().id()) && d.updated().state() == TaskState.ASSIGNED) {
                pendingPreassigned.remove(d.old().id());
            }
        }
        retrack(failed);
    }

    private Decision fitPreassigned(Task t) {
        NodeInfo node = nodeSet.get(t.nodeID());
        if (node == null) return null; // the node may be gone, or not known yet
        pipeline.setTask(t);
        Instant now = timer.now();
        if (!pipeline.process(node)) {
            Task waiting = t.withStatus(withErr(t.status(), now, pipeline.explain()));
            allTasks.put(t.id(), waiting);
            pendingPreassigned.put(t.id(), waiting);
            return new Decision(t, waiting);
        }
        Task assigned = t.withStatus(new TaskStatus(now, TaskState.ASSIGNED, PREASSIGNED_MESSAGE, null, null, null));
        allTasks.put(t.id(), assigned);
        node.addTask(assigned, hostPortsOf(assigned));
        return new Decision(t, assigned);
    }

    // ---- the queue --------------------------------------------------------------------------------------

    /** Schedules every queued task, grouping tasks of the same service and spec version. */
    private void scheduleQueue() {
        Map<String, List<Task>> groups = new LinkedHashMap<>();
        for (Task t : unassigned.values()) {
            String key = t.specVersion() == null ? "task:" + t.id() : t.serviceID() + "@" + t.specVersion().value();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
        }
        unassigned.clear();
        Map<String, Decision> decisions = new LinkedHashMap<>();
        for (List<Task> group : groups.values()) scheduleGroup(group, decisions);
        retrack(commit(decisions.values()));
    }

    private void scheduleGroup(List<Task> group, Map<String, Decision> decisions) {
        group.sort(Comparator.comparingLong(Task::slotNumber).thenComparing(Task::id));
        Task t = group.get(0); // tasks of one spec version are alike for every filter
        pipeline.setTask(t);
        Comparator<NodeInfo> order = nodeOrder(t, timer.now());
        Placement placement = t.spec() == null ? null : t.spec().placement();
        DecisionTree tree = nodeSet.tree(t.serviceID(), placement == null ? null : placement.preferences(),
                group.size(), pipeline::process, order);
        Map<String, Task> remaining = new LinkedHashMap<>();
        for (Task task : group) remaining.put(task.id(), task);
        scheduleOnSubtree(remaining.size(), remaining, tree, decisions, order);
        if (!remaining.isEmpty()) noSuitableNode(remaining.values(), decisions);
    }

    /** The node order of the strategy the task's service asks for (spread unless its labels say binpack). */
    private Comparator<NodeInfo> nodeOrder(Task t, Instant now) {
        return strategies.getOrDefault(t.serviceID(), DEFAULT_STRATEGY).order(t, now);
    }

    /** Splits {@code n} tasks evenly over the branches of a preference level, recursively. */
    private int scheduleOnSubtree(int n, Map<String, Task> remaining, DecisionTree tree,
                                  Map<String, Decision> decisions, Comparator<NodeInfo> order) {
        if (tree.next == null) {
            List<NodeInfo> nodes = tree.orderedNodes(pipeline::process);
            return nodes.isEmpty() ? 0 : scheduleOnNodes(n, remaining, nodes, decisions, order);
        }
        int scheduled = 0;
        int tasksInUsable = tree.tasks;
        Set<DecisionTree> noRoom = new HashSet<>();
        boolean converging = true;
        while (scheduled != n && noRoom.size() != tree.next.size() && converging) {
            int branches = tree.next.size() - noRoom.size();
            int total = tasksInUsable + n - scheduled;
            int desired = total / branches;
            int remainder = total % branches;
            converging = false;
            for (DecisionTree sub : tree.next.values()) {
                if (scheduled == n) break;
                if (noRoom.contains(sub)) continue;
                if (sub.tasks < desired || (sub.tasks == desired && remainder > 0)) {
                    converging = true;
                    int toAssign = Math.min(desired - sub.tasks + (remainder > 0 ? 1 : 0), n - scheduled);
                    int placed = scheduleOnSubtree(toAssign, remaining, sub, decisions, order);
                    sub.tasks += placed;
                    tasksInUsable += placed;
                    scheduled += placed;
                    if (placed < toAssign) {
                        noRoom.add(sub);
                        tasksInUsable -= sub.tasks;
                    } else if (remainder > 0) {
                        remainder--;
                    }
                }
            }
        }
        return scheduled;
    }

    /**
     * Places up to {@code n} tasks on the leaf's nodes, each on the node that is best at that moment (the
     * spread order, re-evaluated after every placement). SwarmKit walks the sorted list round-robin instead,
     * which can leave a group uneven when nodes start with different loads; a heap keeps it exact.
     */
    private int scheduleOnNodes(int n, Map<String, Task> remaining, List<NodeInfo> nodes,
                                Map<String, Decision> decisions, Comparator<NodeInfo> order) {
        PriorityQueue<NodeInfo> best = new PriorityQueue<>(order);
        best.addAll(nodes);
        int scheduled = 0;
        Instant now = timer.now();
        for (Task t : new ArrayList<>(remaining.values())) {
            if (decisions.containsKey(t.id())) continue;
            NodeInfo node = best.poll();
            if (node == null) return scheduled; // no node fits any more
            Task assigned = t.withNode(node.id())
                    .withStatus(new TaskStatus(now, TaskState.ASSIGNED, ASSIGNED_MESSAGE, null, null, null));
            allTasks.put(t.id(), assigned);
            node.addTask(assigned, hostPortsOf(assigned));
            decisions.put(t.id(), new Decision(t, assigned));
            remaining.remove(t.id());
            if (++scheduled == n) return scheduled;
            if (pipeline.process(node)) best.add(node); // back in, at its new place; out when full
        }
        return scheduled;
    }

    /** Leaves the tasks PENDING with SwarmKit's explanation, counting each node at its first failing filter. */
    private void noSuitableNode(Collection<Task> tasks, Map<String, Decision> decisions) {
        pipeline.resetFailures();
        for (NodeInfo node : nodeSet.all()) pipeline.process(node);
        String explanation = pipeline.explain();
        String err = explanation.isEmpty() ? "no suitable node" : "no suitable node (" + explanation + ")";
        Instant now = timer.now();
        for (Task t : tasks) {
            if (!services.containsKey(t.serviceID())) {
                allTasks.remove(t.id()); // its service is gone; the orchestrator removes the task
                continue;
            }
            Task waiting = t.withStatus(withErr(t.status(), now, err));
            allTasks.put(t.id(), waiting);
            unassigned.put(t.id(), waiting);
            decisions.put(t.id(), new Decision(t, waiting));
        }
    }

    private static TaskStatus withErr(TaskStatus s, Instant now, String err) {
        if (s == null) return new TaskStatus(now, TaskState.PENDING, null, err, null, null);
        return new TaskStatus(now, s.state(), s.message(), err, s.containerStatus(), s.portStatus());
    }

    // ---- commits ----------------------------------------------------------------------------------------

    /**
     * Writes decisions in batches; returns those that did not land (the task or its node changed meanwhile).
     * Up to {@link #MAX_IN_FLIGHT} batches commit at once: each is staged against the store as it is (the batches
     * hold different tasks and write no node, so none depends on another's writes) and sent before the earlier
     * ones are applied, instead of one Raft round trip after the other.
     */
    private List<Decision> commit(Collection<Decision> decisions) {
        List<Decision> all = new ArrayList<>(decisions);
        List<Decision> failed = new ArrayList<>();
        ArrayDeque<Batch> inFlight = new ArrayDeque<>();
        for (int from = 0; from < all.size(); from += MAX_BATCH) {
            if (inFlight.size() == MAX_IN_FLIGHT) finish(inFlight.poll(), failed);
            inFlight.add(send(all.subList(from, Math.min(all.size(), from + MAX_BATCH))));
        }
        while (!inFlight.isEmpty()) finish(inFlight.poll(), failed);
        return failed;
    }

    /** A batch of decisions sent to the store: what was staged, and its commit. */
    private record Batch(List<Decision> chunk, List<Decision> written, List<Decision> rejected, List<String> gone,
                         CompletableFuture<ApplyResult> commit) {
    }

    private Batch send(List<Decision> chunk) {
        List<Decision> written = new ArrayList<>();
        List<Decision> rejected = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        CompletableFuture<ApplyResult> commit;
        try {
            commit = store.batchAsync(tx -> {
                for (Decision d : chunk) stage(tx, d, written, rejected, gone);
            });
        } catch (RuntimeException e) {
            commit = CompletableFuture.failedFuture(e);
        }
        return new Batch(chunk, written, rejected, gone, commit);
    }

    private void finish(Batch b, List<Decision> failed) {
        try {
            ApplyResult result = store.await(b.commit());
            failed.addAll(b.rejected());
            for (String id : b.gone()) forget(id);
            if (result.skipped() > 0) failed.addAll(notLanded(b.written(), result.index()));
        } catch (RuntimeException e) {
            LOG.warn("scheduler commit failed; will retry", e);
            failed.addAll(b.chunk());
        }
    }

    private void stage(dev.skep.store.Tx tx, Decision d, List<Decision> written, List<Decision> rejected,
                       List<String> gone) {
        Task current = tx.tasks().get(d.old().id());
        if (current == null) {
            gone.add(d.old().id());
            return;
        }
        if (version(current) != version(d.old())) {
            rejected.add(d);
            return;
        }
        if (sameOutcome(current, d.updated())) return;
        if (d.updated().state() == TaskState.ASSIGNED) {
            Node node = tx.nodes().get(d.updated().nodeID());
            NodeInfo info = nodeSet.get(d.updated().nodeID());
            if (node == null || info == null || version(node) != version(info.node())) {
                rejected.add(d); // the node changed under us (drained, went down…): decide again
                return;
            }
        }
        tx.update(d.updated());
        written.add(d);
    }

    private List<Decision> notLanded(List<Decision> written, long index) {
        return store.view(tx -> {
            List<Decision> out = new ArrayList<>();
            for (Decision d : written) {
                Task cur = tx.tasks().get(d.old().id());
                boolean landed = cur != null && version(cur) >= index
                        && Objects.equals(cur.nodeID(), d.updated().nodeID())
                        && cur.state().isAtLeast(d.updated().state());
                if (!landed) out.add(d);
            }
            return out;
        });
    }

    /** Undoes what failed decisions changed in memory and tracks the tasks as the store has them now. */
    private void retrack(List<Decision> failed) {
        if (failed.isEmpty()) return;
        for (Decision d : failed) forget(d.old().id());
        List<Task> current = store.view(tx -> {
            List<Task> out = new ArrayList<>();
            for (Decision d : failed) {
                Task t = tx.tasks().get(d.old().id());
                if (t != null) out.add(t);
            }
            return out;
        });
        for (Task t : current) onTask(t);
        retryLater();
    }

    private static boolean sameOutcome(Task current, Task updated) {
        TaskStatus a = current.status();
        TaskStatus b = updated.status();
        return a != null && b != null && a.state() == b.state() && Objects.equals(a.message(), b.message())
                && Objects.equals(a.err(), b.err()) && Objects.equals(current.nodeID(), updated.nodeID());
    }

    private static long version(dev.skep.api.model.StoredObject o) {
        return o.version() == null ? 0 : o.version().value();
    }

    // ---- ports ------------------------------------------------------------------------------------------

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
