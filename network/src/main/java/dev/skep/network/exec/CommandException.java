package dev.skep.network.exec;

/** A host tool exited non-zero (or could not be started) where success was required. */
public class CommandException extends RuntimeException {
    private final transient CommandResult result;

    public CommandException(Command command, CommandResult result) {
        super("'" + command + "' exited " + result.exitCode() + ": "
                + result.stderr().strip());
        this.result = result;
    }

    public CommandException(Command command, Throwable cause) {
        super("'" + command + "' could not run: " + cause.getMessage(), cause);
        this.result = null;
    }

    public CommandResult result() {
        return result;
    }
}
