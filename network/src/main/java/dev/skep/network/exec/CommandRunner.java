package dev.skep.network.exec;

/**
 * Runs iproute2 / nftables commands. The data plane only talks to the kernel through this, so unit tests can see
 * exactly what would be done ({@link RecordingCommandRunner}) and real tests can aim at a network namespace
 * ({@link HostCommandRunner#inNamespace}).
 */
public interface CommandRunner {
    /** Runs the command and reports how it ended; does not throw for a non-zero exit. */
    CommandResult run(Command command);

    /** Runs the command and returns its stdout, throwing {@link CommandException} on a non-zero exit. */
    default String check(Command command) {
        CommandResult result = run(command);
        if (!result.ok()) {
            throw new CommandException(command, result);
        }
        return result.stdout();
    }

    default String check(String... argv) {
        return check(Command.of(argv));
    }
}
