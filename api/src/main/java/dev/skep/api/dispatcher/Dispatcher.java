package dev.skep.api.dispatcher;

import dev.skep.api.model.Node;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a node's agent talks to on a manager: SwarmKit's dispatcher protocol. In one process the agent
 * calls the manager's dispatcher directly; across machines the same calls travel over the cluster port.
 */
public interface Dispatcher {
    /**
     * Opens a session for a node: marks it ready, records its description and starts pushing its
     * assignments to the listener — first a COMPLETE set, then INCREMENTAL changes.
     */
    Session session(String nodeId, Node.Description description, AssignmentListener listener);

    /** Keeps the session alive; a node without heartbeats for 3 periods goes down. */
    void heartbeat(String sessionId);

    /** Reports observed task states; applied in batches. */
    void updateTaskStatus(String sessionId, List<StatusUpdate> updates);

    /**
     * Like {@link #updateTaskStatus}, completing once the reports are committed: a remote agent's call is
     * answered only then, so a report is never acknowledged and then lost with a dying leader.
     */
    default CompletableFuture<Void> updateTaskStatusCommitted(String sessionId, List<StatusUpdate> updates) {
        updateTaskStatus(sessionId, updates);
        return CompletableFuture.completedFuture(null);
    }
}
