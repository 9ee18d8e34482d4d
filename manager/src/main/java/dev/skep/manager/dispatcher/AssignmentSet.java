package dev.skep.manager.dispatcher;

import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The tasks one node has been told about, and the changes not yet sent. A change is only worth sending
 * when the agent would act on it: a new task, a new desired state or spec, or a state the manager set
 * (ASSIGNED or below). Status reports the agent made itself come back to it only as part of such changes.
 * It also keeps the secrets and configs the node's tasks need ({@link DependencySet}): a task holds them from the
 * time it is known until it is past RUNNING or gone.
 */
final class AssignmentSet {
    private final Map<String, Task> known = new HashMap<>();
    private final DependencySet dependencies = new DependencySet();
    private final Map<String, Task> updated = new LinkedHashMap<>();
    private final Set<String> removed = new LinkedHashSet<>();

    /** Starts from the node's tasks; returns those the agent must know (state ≥ ASSIGNED). */
    List<Task> reset(List<Task> nodeTasks) {
        return reset(nodeTasks, TaskDependencies.NONE);
    }

    /** As {@link #reset(List)}; {@code data} has the secrets and configs of the tasks, read in the same view. */
    List<Task> reset(List<Task> nodeTasks, TaskDependencies data) {
        known.clear();
        updated.clear();
        removed.clear();
        dependencies.clear();
        List<Task> out = new ArrayList<>();
        for (Task t : nodeTasks) {
            if (t.state().isAtLeast(TaskState.ASSIGNED)) {
                known.put(t.id(), t);
                out.add(t);
                if (!t.state().isAfter(TaskState.RUNNING)) dependencies.hold(t, data);
            }
        }
        return out;
    }

    /** Records a task's new version; true when the agent must hear about it. */
    boolean addOrUpdate(Task t) {
        return addOrUpdate(t, TaskDependencies.NONE);
    }

    /**
     * As {@link #addOrUpdate(Task)}; {@code data} has the task's secrets and configs. A new task holds them; one
     * that moved past RUNNING releases them, which alone is worth a message (SwarmKit's {@code addOrUpdateTask}).
     */
    boolean addOrUpdate(Task t, TaskDependencies data) {
        if (t.state().compareTo(TaskState.ASSIGNED) < 0) return false;
        Task old = known.put(t.id(), t);
        if (old != null && stableEquals(old, t) && t.state().isAfter(TaskState.ASSIGNED)) {
            return t.state().isAfter(TaskState.RUNNING) && dependencies.release(t);
        }
        if (old == null && !t.state().isAfter(TaskState.RUNNING)) dependencies.hold(t, data);
        removed.remove(t.id());
        updated.put(t.id(), t);
        return true;
    }

    /** Records that a task is gone; true when the agent knew it. */
    boolean remove(String taskId) {
        Task old = known.remove(taskId);
        if (old == null) return false;
        dependencies.release(old);
        updated.remove(taskId);
        removed.add(taskId);
        return true;
    }

    int pendingChanges() {
        return updated.size() + removed.size() + dependencies.pendingChanges();
    }

    DependencySet dependencies() {
        return dependencies;
    }

    List<Task> takeUpdated() {
        List<Task> out = new ArrayList<>(updated.values());
        updated.clear();
        return out;
    }

    List<String> takeRemoved() {
        List<String> out = new ArrayList<>(removed);
        removed.clear();
        return out;
    }

    /** Equal apart from status and store metadata (SwarmKit's TasksEqualStable). */
    static boolean stableEquals(Task a, Task b) {
        return Objects.equals(strip(a), strip(b));
    }

    private static Task strip(Task t) {
        return new Task(
                t.id(),
                null,
                null,
                null,
                t.name(),
                t.labels(),
                t.spec(),
                t.specVersion(),
                t.serviceID(),
                t.slot(),
                t.nodeID(),
                null,
                t.desiredState(),
                t.networksAttachments(),
                t.jobIteration(),
                t.endpoint());
    }
}
