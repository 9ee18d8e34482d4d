package dev.skep.cli.service.progress;

import dev.skep.api.model.TaskState;
import java.util.EnumMap;
import java.util.Map;

/** Docker's numbering of task states for progress: 1 (new) to 9 (running); terminal states above that. */
final class States {
    static final int MAX_PROGRESS = 9;
    static final int MAX_JOB_PROGRESS = 10;
    static final int MAX_PROGRESS_BARS = 20;
    /** Width of the longest state shown ("allocated", "preparing"): states are padded to it. */
    static final int LONGEST_STATE = 9;

    private static final Map<TaskState, Integer> NUMBERS = new EnumMap<>(TaskState.class);

    static {
        NUMBERS.put(TaskState.NEW, 1);
        NUMBERS.put(TaskState.PENDING, 3);
        NUMBERS.put(TaskState.ASSIGNED, 4);
        NUMBERS.put(TaskState.ACCEPTED, 5);
        NUMBERS.put(TaskState.PREPARING, 6);
        NUMBERS.put(TaskState.READY, 7);
        NUMBERS.put(TaskState.STARTING, 8);
        NUMBERS.put(TaskState.RUNNING, 9);
        NUMBERS.put(TaskState.COMPLETE, 10);
        NUMBERS.put(TaskState.SHUTDOWN, 11);
        NUMBERS.put(TaskState.FAILED, 12);
        NUMBERS.put(TaskState.REJECTED, 13);
    }

    private States() {}

    /** 0 for states progress does not know (remove, orphaned, absent). */
    static int number(TaskState s) {
        return s == null ? 0 : NUMBERS.getOrDefault(s, 0);
    }

    static boolean terminal(TaskState s) {
        return number(s) > number(TaskState.RUNNING);
    }

    static String padded(TaskState s) {
        return String.format("%-" + LONGEST_STATE + "s", s == null ? "" : s.wire());
    }

    /** Errors on one line and at most 75 characters, so a narrow terminal does not wrap. */
    static String truncError(String err) {
        String e = err.replace("\n", " ");
        return e.length() > 75 ? e.substring(0, 74) + "…" : e;
    }
}
