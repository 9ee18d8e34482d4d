package dev.skep.cli.job.submit;

import dev.skep.cli.CliException;
import java.util.List;

/** A submit description that cannot be submitted: every problem found, each as {@code file:line: what}. */
public class SubmitException extends CliException {
    private final List<String> problems;

    public SubmitException(String fileName, List<String> problems) {
        super("ERROR: " + fileName + " cannot be submitted; nothing was submitted:\n  "
                + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
