package dev.skep.api.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Task states in SwarmKit's order. A task's observed state only ever moves forward; the ordinal order
 * here is the order of SwarmKit's numeric values (NEW=0 … ORPHANED=832).
 */
public enum TaskState {
    NEW, PENDING, ASSIGNED, ACCEPTED, PREPARING, READY, STARTING, RUNNING,
    COMPLETE, SHUTDOWN, FAILED, REJECTED, REMOVE, ORPHANED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static TaskState parse(String s) {
        if ("allocated".equalsIgnoreCase(s)) return PENDING;
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    public boolean isAfter(TaskState other) {
        return compareTo(other) > 0;
    }

    public boolean isAtLeast(TaskState other) {
        return compareTo(other) >= 0;
    }

    /** The task will not run again: it completed, was shut down, failed or was rejected. */
    public boolean isTerminal() {
        return compareTo(COMPLETE) >= 0;
    }
}
