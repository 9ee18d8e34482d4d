package dev.skep.agent.exec;

import dev.skep.api.model.Node;
import dev.skep.api.model.Task;
import java.util.function.Predicate;

/**
 * Runs tasks on this node (SwarmKit's {@code agent/exec.Executor}): describes the node to the dispatcher and
 * hands out one {@link Controller} per task.
 */
public interface Executor {
    /** The node as the scheduler sees it: hostname, platform, resources, engine version and labels. */
    Node.Description describe() throws ExecException;

    /** A controller for the task; cheap, does no work on the engine yet. */
    Controller controller(Task task) throws ExecException;

    /**
     * Adoption after a restart: removes whatever this executor still runs for the node whose task is not
     * assigned any more. Tasks that are still assigned keep their containers, which their controllers reuse.
     */
    void removeUnassigned(String nodeId, Predicate<String> assignedTaskId);
}
