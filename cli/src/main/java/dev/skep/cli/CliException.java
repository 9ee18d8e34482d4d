package dev.skep.cli;

/** A user-facing failure: its message is printed to stderr as is and the command exits 1. */
public class CliException extends RuntimeException {
    public CliException(String message) {
        super(message);
    }
}
