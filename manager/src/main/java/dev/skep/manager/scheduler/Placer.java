package dev.skep.manager.scheduler;

import dev.skep.api.model.Placement;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;

/**
 * The placement step (SwarmKit's {@code scheduleTaskGroup}): the tracked nodes and one group of tasks in, a
 * decision per task out — ASSIGNED to a node, or left PENDING with SwarmKit's "no suitable node (…)". No store, no
 * thread, no clock of its own: the scheduler loop feeds it and commits what it decides, and tests call it directly.
 * Each placed task is booked on its node at once, so the next placement (of this group or the next) sees it.
 */
final class Placer {
    static final String ASSIGNED_MESSAGE = "scheduler assigned task to node";
    static final String PREASSIGNED_MESSAGE = "scheduler confirmed task can run on preassigned node";
    private static final Strategy DEFAULT_STRATEGY = new SpreadStrategy();

    private final NodeSet nodeSet;
    private final Function<Task, Set<HostPort>> hostPorts;
    private final Function<String, Strategy> strategies;
    private final Pipeline pipeline;

    /**
     * @param hostPorts  the host-mode ports a task binds
     * @param strategies the strategy a service chose, by service ID; null for spread
     */
    Placer(NodeSet nodeSet, Function<Task, Set<HostPort>> hostPorts, Function<String, Strategy> strategies) {
        this.nodeSet = nodeSet;
        this.hostPorts = hostPorts;
        this.strategies = strategies;
        this.pipeline = new Pipeline(hostPorts);
    }

    /** A task whose node the orchestrator chose: ASSIGNED if it fits there; null while that node is unknown. */
    Decision placePreassigned(Task t, Instant now) {
        NodeInfo node = nodeSet.get(t.nodeID());
        if (node == null) return null; // the node may be gone, or not known yet
        pipeline.setTask(t);
        if (!pipeline.process(node)) return new Decision(t, t.withStatus(withErr(t.status(), now, pipeline.explain())));
        Task assigned = node.withGenericAssigned(
                t.withStatus(new TaskStatus(now, TaskState.ASSIGNED, PREASSIGNED_MESSAGE, null, null, null)));
        node.addTask(assigned, hostPorts.apply(assigned));
        return new Decision(t, assigned);
    }

    /**
     * Places a group of tasks of one service and spec version (alike for every filter): the ASSIGNED decisions in
     * slot order, then one PENDING decision with Err for each task that fits nowhere.
     */
    List<Decision> place(List<Task> group, Instant now) {
        List<Task> tasks = new ArrayList<>(group);
        tasks.sort(Comparator.comparingLong(Task::slotNumber).thenComparing(Task::id));
        Task t = tasks.get(0);
        pipeline.setTask(t);
        Comparator<NodeInfo> order = nodeOrder(t, now);
        Placement placement = t.spec() == null ? null : t.spec().placement();
        DecisionTree tree = nodeSet.tree(
                t.serviceID(),
                placement == null ? null : placement.preferences(),
                tasks.size(),
                pipeline::process,
                order);
        Map<String, Task> remaining = new LinkedHashMap<>();
        for (Task task : tasks) remaining.put(task.id(), task);
        List<Decision> decisions = new ArrayList<>();
        scheduleOnSubtree(remaining.size(), remaining, tree, decisions, order, now);
        if (!remaining.isEmpty()) noSuitableNode(remaining.values(), decisions, now);
        return decisions;
    }

    /** The node order of the strategy the task's service asks for (spread unless its labels say binpack). */
    private Comparator<NodeInfo> nodeOrder(Task t, Instant now) {
        Strategy s = strategies.apply(t.serviceID());
        return (s == null ? DEFAULT_STRATEGY : s).order(t, now);
    }

    /** Splits {@code n} tasks evenly over the branches of a preference level, recursively. */
    private int scheduleOnSubtree(
            int n,
            Map<String, Task> remaining,
            DecisionTree tree,
            List<Decision> decisions,
            Comparator<NodeInfo> order,
            Instant now) {
        if (tree.next == null) {
            List<NodeInfo> nodes = tree.orderedNodes(pipeline::process);
            return nodes.isEmpty() ? 0 : scheduleOnNodes(n, remaining, nodes, decisions, order, now);
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
                    int placed = scheduleOnSubtree(toAssign, remaining, sub, decisions, order, now);
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
    private int scheduleOnNodes(
            int n,
            Map<String, Task> remaining,
            List<NodeInfo> nodes,
            List<Decision> decisions,
            Comparator<NodeInfo> order,
            Instant now) {
        PriorityQueue<NodeInfo> best = new PriorityQueue<>(order);
        best.addAll(nodes);
        int scheduled = 0;
        for (Task t : new ArrayList<>(remaining.values())) {
            NodeInfo node = best.poll();
            if (node == null) return scheduled; // no node fits any more
            Task assigned = node.withGenericAssigned(t.withNode(node.id())
                    .withStatus(new TaskStatus(now, TaskState.ASSIGNED, ASSIGNED_MESSAGE, null, null, null)));
            node.addTask(assigned, hostPorts.apply(assigned));
            decisions.add(new Decision(t, assigned));
            remaining.remove(t.id());
            if (++scheduled == n) return scheduled;
            if (pipeline.process(node)) best.add(node); // back in, at its new place; out when full
        }
        return scheduled;
    }

    /** Leaves the tasks PENDING with SwarmKit's explanation, counting each node at its first failing filter. */
    private void noSuitableNode(Iterable<Task> tasks, List<Decision> decisions, Instant now) {
        pipeline.resetFailures();
        for (NodeInfo node : nodeSet.all()) pipeline.process(node);
        String explanation = pipeline.explain();
        String err = explanation.isEmpty() ? "no suitable node" : "no suitable node (" + explanation + ")";
        for (Task t : tasks) decisions.add(new Decision(t, t.withStatus(withErr(t.status(), now, err))));
    }

    private static TaskStatus withErr(TaskStatus s, Instant now, String err) {
        if (s == null) return new TaskStatus(now, TaskState.PENDING, null, err, null, null);
        return new TaskStatus(now, s.state(), s.message(), err, s.containerStatus(), s.portStatus());
    }
}
