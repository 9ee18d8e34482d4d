package dev.skep.manager.controlapi;

import dev.skep.api.model.Task;

/** A task's display name: {@code <service>.<slot>.<taskID>}, or the node ID in place of the slot for global tasks. */
public final class TaskNames {
    private TaskNames() {}

    public static String of(Task task, String serviceName) {
        if (task.name() != null && !task.name().isEmpty()) return task.name();
        Object slot = task.slotNumber() != 0 ? (Object) task.slotNumber() : task.nodeID();
        return serviceName + "." + slot + "." + task.id();
    }
}
