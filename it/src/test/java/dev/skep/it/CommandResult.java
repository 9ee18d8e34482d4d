package dev.skep.it;

import java.util.Arrays;
import java.util.List;

/** What an external command did: its exit code and everything it printed. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr, boolean timedOut) {

    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }

    /** Non-blank stdout lines, trimmed. */
    public List<String> lines() {
        return Arrays.stream(stdout.split("\n"))
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList();
    }

    public String output() {
        return stdout + stderr;
    }

    /** Fails the calling test with the command and its output unless it exited 0. */
    public CommandResult assertSuccess() {
        if (!succeeded()) {
            throw new AssertionError("command failed: " + this);
        }
        return this;
    }

    @Override
    public String toString() {
        return String.join(" ", command) + "\n  exit=" + exitCode + (timedOut ? " (timed out)" : "") + "\n  stdout: "
                + stdout.strip() + "\n  stderr: " + stderr.strip();
    }
}
