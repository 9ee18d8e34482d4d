package dev.skep.manager.orchestrator;

import dev.skep.api.model.Task;

/**
 * One slot in the broad sense: a slot number of a replicated service, or a node of a global service
 * (SwarmKit's {@code SlotTuple}). Exactly one of {@code slot} (> 0) and {@code nodeId} is meaningful.
 */
public record SlotKey(String serviceId, long slot, String nodeId) {
    /** The slot a task belongs to: its slot number if it has one, its node otherwise. */
    public static SlotKey of(Task task) {
        return task.slotNumber() > 0
                ? new SlotKey(task.serviceID(), task.slotNumber(), null)
                : new SlotKey(task.serviceID(), 0, task.nodeID());
    }
}
