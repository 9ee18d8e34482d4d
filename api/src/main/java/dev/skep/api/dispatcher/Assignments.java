package dev.skep.api.dispatcher;

import dev.skep.api.model.Task;
import java.util.List;

/**
 * One message of the assignment stream. COMPLETE carries every task the node must know (state ≥ ASSIGNED,
 * not yet removed); INCREMENTAL carries tasks that changed and IDs of tasks the node must forget.
 * {@code sequence} increases by one per message so the agent can detect a gap. {@code networks} is the node's
 * {@link NetworkView} when it changed (always on COMPLETE), else null.
 */
public record Assignments(Type type, List<Task> updated, List<String> removed, long sequence, NetworkView networks) {
    public enum Type {
        COMPLETE,
        INCREMENTAL
    }

    /** A message without a network view (the node's networks are unchanged). */
    public Assignments(Type type, List<Task> updated, List<String> removed, long sequence) {
        this(type, updated, removed, sequence, null);
    }
}
