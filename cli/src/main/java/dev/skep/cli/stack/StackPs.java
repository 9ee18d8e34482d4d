package dev.skep.cli.stack;

import dev.skep.api.model.Task;
import dev.skep.cli.CliException;
import dev.skep.cli.SkepCommand;
import dev.skep.cli.service.IdResolver;
import dev.skep.cli.service.ServicePs;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skep stack ps NAME}: the tasks of the stack's services (the task label filter matches service labels). */
@Command(name = "ps", mixinStandardHelpOptions = true, description = "List the tasks in the stack")
public class StackPs extends SkepCommand {
    @Option(
            names = {"-q", "--quiet"},
            description = "Only display task IDs")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Do not truncate output")
    boolean noTrunc;

    @Option(names = "--no-resolve", description = "Do not map IDs to Names")
    boolean noResolve;

    @Parameters(index = "0", paramLabel = "STACK")
    String stack;

    @Override
    protected void execute() {
        List<Task> tasks = api().tasks(StackObjects.filter(stack));
        if (tasks.isEmpty()) throw new CliException("nothing found in stack: " + stack);
        if (quiet) {
            tasks.forEach(t -> out().println(t.id()));
            return;
        }
        ServicePs.render(tasks, new IdResolver(api(), noResolve), !noTrunc, Instant.now())
                .print(out());
    }
}
