package dev.skep.network.exec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake for unit tests: records every command and answers from canned replies chosen by the longest matching
 * argv prefix (anything else succeeds with empty output).
 */
public final class RecordingCommandRunner implements CommandRunner {
    private final List<Command> commands = new ArrayList<>();
    private final Map<String, CommandResult> replies = new LinkedHashMap<>();

    /** Commands whose joined argv starts with {@code argvPrefix} print {@code stdout} and succeed. */
    public RecordingCommandRunner reply(String argvPrefix, String stdout) {
        replies.put(argvPrefix, new CommandResult(0, stdout, ""));
        return this;
    }

    /** Commands whose joined argv starts with {@code argvPrefix} fail with the given exit code. */
    public RecordingCommandRunner fail(String argvPrefix, int exitCode, String stderr) {
        replies.put(argvPrefix, new CommandResult(exitCode, "", stderr));
        return this;
    }

    @Override
    public synchronized CommandResult run(Command command) {
        commands.add(command);
        String joined = String.join(" ", command.argv());
        return replies.entrySet().stream()
                .filter(e -> joined.startsWith(e.getKey()))
                .max((a, b) -> Integer.compare(a.getKey().length(), b.getKey().length()))
                .map(Map.Entry::getValue)
                .orElse(new CommandResult(0, "", ""));
    }

    public synchronized List<Command> commands() {
        return List.copyOf(commands);
    }

    /** The recorded commands as joined argv strings (stdin left out). */
    public synchronized List<String> lines() {
        return commands.stream().map(c -> String.join(" ", c.argv())).toList();
    }

    public synchronized void clear() {
        commands.clear();
    }
}
