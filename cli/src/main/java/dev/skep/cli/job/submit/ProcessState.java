package dev.skep.cli.job.submit;

import dev.skep.api.model.TaskState;
import java.util.Locale;

/**
 * A process's state in HTCondor's words, from its task's state: waiting for a node is idle, from accepted to
 * running is running, complete is completed, and a task that failed, was rejected or was shut down before
 * completing is held (it will not run again: condor jobs get no restart policy).
 */
public enum ProcessState {
    IDLE,
    RUNNING,
    COMPLETED,
    HELD;

    public static ProcessState of(TaskState state) {
        if (state == null || state.compareTo(TaskState.ACCEPTED) < 0) return IDLE;
        if (state.compareTo(TaskState.COMPLETE) < 0) return RUNNING;
        return state == TaskState.COMPLETE ? COMPLETED : HELD;
    }

    /** Whether the process has finished for good. */
    public boolean isDone() {
        return this == COMPLETED || this == HELD;
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
