package dev.skep.manager.orchestrator;

import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.store.MemoryStore;
import java.util.Collection;

/** Bulk desired-state changes the orchestrators share. Desired state only moves forward. */
public final class ServiceTasks {
    private ServiceTasks() {}

    /**
     * Sets desired REMOVE on the tasks (service deleted, slot scaled away): their agents shut them down
     * and the task reaper deletes them afterwards. Tasks changed meanwhile are skipped, not failed.
     */
    public static void remove(MemoryStore store, Collection<Task> tasks) {
        setDesired(store, tasks, TaskState.REMOVE);
    }

    /** Sets desired SHUTDOWN on the tasks that are still meant to run. */
    public static void shutDown(MemoryStore store, Collection<Task> tasks) {
        setDesired(store, tasks, TaskState.SHUTDOWN);
    }

    private static void setDesired(MemoryStore store, Collection<Task> tasks, TaskState desired) {
        if (tasks.stream().noneMatch(t -> t.desiredState().compareTo(desired) < 0)) return;
        store.batch(tx -> {
            for (Task original : tasks) {
                Task t = tx.tasks().get(original.id());
                if (t != null && t.desiredState().compareTo(desired) < 0) tx.update(t.withDesiredState(desired));
            }
        });
    }
}
