package dev.skep.agent.exec;

import dev.skep.api.model.TaskStatus;
import java.util.concurrent.CompletableFuture;

/**
 * Controls one task's runtime (SwarmKit's {@code agent/exec.Controller}). Every operation is idempotent, so
 * that a new agent can drive a task whose container an earlier agent already prepared or started.
 */
public interface Controller {
    /** Makes the task ready to start: pulls the image when missing, creates the container. */
    void prepare() throws ExecException;

    /** Starts the prepared task; a task that already runs is left alone. */
    void start() throws ExecException;

    /**
     * Wait: completes with the exit code when the task's process ends. Cancelling the future stops waiting
     * without touching the task.
     */
    CompletableFuture<Long> waitExit();

    /** Stops the task gracefully: the stop signal, then a kill after the stop grace period. */
    void shutdown() throws ExecException;

    /** Kills the task at once. */
    void terminate() throws ExecException;

    /** Stops the task if needed and removes everything it left on the node. */
    void remove() throws ExecException;

    /** What the runtime knows about the task's container, or null before it exists. */
    TaskStatus.ContainerStatus containerStatus();

    /** The ports the runtime published for the task on the node (host mode), or null when it knows of none. */
    default TaskStatus.PortStatus portStatus() {
        return null;
    }
}
