package dev.skep.api.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Task states in SwarmKit's order. A task's observed state only ever moves forward; the ordinal order
 * here is the order of SwarmKit's numeric values (NEW=0 … ORPHANED=832).
 */
public enum TaskState {
    NEW,
    PENDING,
    ASSIGNED,
    ACCEPTED,
    PREPARING,
    READY,
    STARTING,
    RUNNING,
    COMPLETE,
    SHUTDOWN,
    FAILED,
    REJECTED,
    REMOVE,
    ORPHANED;

    /** Wire names, computed once: every task a manager encodes or decodes carries a state or two. */
    private static final Map<String, TaskState> BY_WIRE = new HashMap<>();

    static {
        for (TaskState t : values()) BY_WIRE.put(t.wire, t);
    }

    private final String wire = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static TaskState parse(String s) {
        TaskState exact = BY_WIRE.get(s);
        if (exact != null) return exact;
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
