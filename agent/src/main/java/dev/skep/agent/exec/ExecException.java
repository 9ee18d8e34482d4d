package dev.skep.agent.exec;

/**
 * A controller operation failed. A temporary failure is retried; any other is fatal to the task: REJECTED
 * before STARTING, FAILED from STARTING on. The message becomes the task status's {@code Err}.
 */
public class ExecException extends Exception {
    private final boolean temporary;
    private final Long exitCode;

    public ExecException(String message, boolean temporary, Long exitCode, Throwable cause) {
        super(message, cause);
        this.temporary = temporary;
        this.exitCode = exitCode;
    }

    public static ExecException fatal(String message) {
        return new ExecException(message, false, null, null);
    }

    public static ExecException fatal(String message, Throwable cause) {
        return new ExecException(message, false, null, cause);
    }

    public static ExecException temporary(String message, Throwable cause) {
        return new ExecException(message, true, null, cause);
    }

    /** The task's process exited with a non-zero code: "task: non-zero exit (N)". */
    public static ExecException exit(long code) {
        return new ExecException("task: non-zero exit (" + code + ")", false, code, null);
    }

    public boolean temporary() {
        return temporary;
    }

    /** The exit code when the failure is a non-zero exit, else null. */
    public Long exitCode() {
        return exitCode;
    }
}
