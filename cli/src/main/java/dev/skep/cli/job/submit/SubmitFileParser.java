package dev.skep.cli.job.submit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a docker-universe submit description (condor_submit's syntax): {@code key = value} lines with
 * case-insensitive keys, {@code #} comment lines, a trailing {@code \} continuing a line, {@code +Attr = value}
 * custom attributes and one {@code queue [N]} statement. Every problem is collected with its line, and any
 * problem fails the whole description ({@link SubmitException}).
 */
public final class SubmitFileParser {
    private static final Set<String> IGNORED =
            Set.of("transfer_executable", "should_transfer_files", "when_to_transfer_output");

    private final String fileName;
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, String> custom = new LinkedHashMap<>();
    private String universe;
    private String image;
    private String executable;
    private List<String> arguments = List.of();
    private List<String> environment = List.of();
    private Double cpus;
    private Long memory;
    private String output;
    private String error;
    private String log;
    private Integer queue;
    private int universeLine;
    private int queueLine;
    private int lastLine;

    private SubmitFileParser(String fileName) {
        this.fileName = fileName;
    }

    /** Parses the text of a submit file; {@code fileName} is used in messages and in the job's labels. */
    public static SubmitDescription parse(String text, String fileName) {
        SubmitFileParser p = new SubmitFileParser(fileName);
        p.readLines(text);
        p.checkRequired();
        if (!p.problems.isEmpty()) throw new SubmitException(fileName, p.problems);
        return new SubmitDescription(
                fileName,
                p.image,
                p.executable,
                p.arguments,
                p.environment,
                p.cpus,
                p.memory,
                p.output,
                p.error,
                p.log,
                p.queue,
                Map.copyOf(p.custom),
                List.copyOf(p.notes));
    }

    private void readLines(String text) {
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            StringBuilder line = new StringBuilder(lines[i]);
            while (endsWithBackslash(line) && i + 1 < lines.length) {
                line.setLength(line.toString().stripTrailing().length() - 1);
                line.append(lines[++i]);
            }
            String statement = line.toString().strip();
            if (statement.isEmpty() || statement.startsWith("#")) continue;
            statement(number, statement);
        }
    }

    private static boolean endsWithBackslash(CharSequence line) {
        return line.toString().stripTrailing().endsWith("\\");
    }

    private void statement(int line, String statement) {
        lastLine = line;
        String lower = statement.toLowerCase(Locale.ROOT);
        if (lower.equals("queue") || lower.startsWith("queue ") || lower.startsWith("queue\t")) {
            queue(line, statement.substring(5).strip());
            return;
        }
        int eq = statement.indexOf('=');
        if (eq <= 0) {
            problem(line, "not a 'command = value' line: " + statement);
            return;
        }
        String key = statement.substring(0, eq).strip();
        String value = statement.substring(eq + 1).strip();
        if (queue != null) {
            notes.add(at(line) + ": '" + key + "' comes after the queue statement and applies to no job; ignored");
            return;
        }
        Macros.firstUnknown(value)
                .ifPresent(m -> problem(
                        line,
                        "unsupported macro " + m + " (Skep knows $(Process), $(ProcId), $(Cluster) and $(ClusterId))"));
        try {
            command(line, key, value);
        } catch (IllegalArgumentException e) {
            problem(line, key + ": " + e.getMessage());
        }
    }

    private void command(int line, String key, String value) {
        if (key.startsWith("+")) {
            customAttribute(line, key.substring(1), value);
            return;
        }
        if (key.regionMatches(true, 0, "MY.", 0, 3)) {
            customAttribute(line, key.substring(3), value);
            return;
        }
        String name = key.toLowerCase(Locale.ROOT);
        switch (name) {
            case "universe" -> {
                universe = value;
                universeLine = line;
            }
            case "docker_image" -> image = value;
            case "executable" -> executable = value;
            case "arguments" -> arguments = CondorArgs.arguments(value);
            case "environment" -> environment = CondorArgs.environment(value);
            case "request_cpus" -> cpus = cpus(value);
            case "request_memory" -> memory = MemorySize.bytes(value);
            case "output" -> output = value;
            case "error" -> error = value;
            case "log" -> log = value;
            default -> {
                if (IGNORED.contains(name)) {
                    notes.add(at(line) + ": " + name + " is accepted and ignored: the job runs in a container "
                            + "from docker_image and its output comes back through the task logs");
                } else {
                    problem(line, "unsupported submit command '" + key + "'");
                }
            }
        }
    }

    private void customAttribute(int line, String name, String value) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            problem(line, "'" + name + "' is not a valid attribute name");
            return;
        }
        boolean quotedString = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"");
        custom.put(name, quotedString ? value.substring(1, value.length() - 1) : value);
    }

    private static double cpus(String value) {
        try {
            double n = Double.parseDouble(value);
            if (n > 0 && Double.isFinite(n)) return n;
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException("'" + value + "' is not a positive number of CPUs");
    }

    private void queue(int line, String rest) {
        if (queue != null) {
            problem(
                    line,
                    "a second queue statement (the first is on line " + queueLine
                            + "): Skep submits one cluster per submit file");
            return;
        }
        queueLine = line;
        if (rest.isEmpty()) {
            queue = 1;
            return;
        }
        try {
            queue = Integer.parseInt(rest);
            if (queue > 0) return;
            problem(line, "queue count must be positive: " + rest);
        } catch (NumberFormatException e) {
            problem(line, "unsupported queue statement 'queue " + rest + "': only 'queue [N]' is supported");
        }
        queue = 0;
    }

    private void checkRequired() {
        if (universe == null) {
            problems.add(fileName + ": no universe: Skep runs only 'universe = docker' jobs");
        } else if (!universe.equalsIgnoreCase("docker")) {
            problems.add(at(universeLine) + ": universe '" + universe
                    + "' is not supported: Skep runs only 'universe = docker' jobs");
        }
        if (image == null || image.isEmpty()) problems.add(fileName + ": docker_image is required");
        if (executable == null || executable.isEmpty()) problems.add(fileName + ": executable is required");
        if (queue == null) problems.add(fileName + ":" + (lastLine + 1) + ": no queue statement: nothing to submit");
    }

    private void problem(int line, String message) {
        problems.add(at(line) + ": " + message);
    }

    private String at(int line) {
        return fileName + ":" + line;
    }
}
