package dev.skep.cli.node;

import dev.skep.api.filters.Filters;
import dev.skep.api.model.Task;
import dev.skep.cli.SkepCommand;
import dev.skep.cli.service.IdResolver;
import dev.skep.cli.service.NodeRefs;
import dev.skep.cli.service.ServicePs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skep node ps [NODE...]}: tasks running on nodes (default: this node). */
@Command(
        name = "ps",
        mixinStandardHelpOptions = true,
        description = "List tasks running on one or more nodes, defaults to current node")
public class NodePs extends SkepCommand {
    @Option(
            names = {"-q", "--quiet"},
            description = "Only display task IDs")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Do not truncate output")
    boolean noTrunc;

    @Option(
            names = {"-f", "--filter"},
            description = "Filter output based on conditions provided")
    List<String> filters = new ArrayList<>();

    @Parameters(arity = "0..*", paramLabel = "NODE")
    List<String> nodes = new ArrayList<>();

    @Override
    protected void execute() {
        List<String> refs = nodes.isEmpty() ? List.of("self") : nodes;
        List<Task> tasks = new ArrayList<>();
        for (String ref : refs) {
            String id = api().node(NodeRefs.resolve(api(), ref)).id();
            Filters f = Filters.fromFlags(filters).add("node", id);
            tasks.addAll(api().tasks(f));
        }
        if (quiet) {
            tasks.forEach(t -> out().println(t.id()));
            return;
        }
        ServicePs.render(tasks, new IdResolver(api(), false), !noTrunc, Instant.now())
                .print(out());
    }
}
