package dev.skep.api.dispatcher;

import dev.skep.api.model.Task;

/** Reads a task's container output on the node that runs it ({@code docker service logs}). */
public interface LogSource {
    /**
     * Streams the task's log lines to the sink until done (or, when following, until the sink says stop).
     * Returns normally when the task has no container on this node.
     */
    void logs(Task task, LogOptions options, LogSink sink) throws InterruptedException;

    /** Docker's log options: tail is "all" or a line count; since/until are Unix seconds (0 = unset). */
    record LogOptions(
            boolean stdout, boolean stderr, boolean follow, boolean timestamps, String tail, long since, long until) {}

    /** Receives log lines; returns false to stop following. stream is 1 (stdout) or 2 (stderr). */
    interface LogSink {
        boolean line(int stream, byte[] line);
    }
}
