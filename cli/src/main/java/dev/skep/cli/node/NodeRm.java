package dev.skep.cli.node;

import dev.skep.api.errors.ApiException;
import dev.skep.cli.CliException;
import dev.skep.cli.SkepCommand;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skep node rm [-f] NODE...}. */
@Command(
        name = "rm",
        aliases = "remove",
        mixinStandardHelpOptions = true,
        description = "Remove one or more nodes from the swarm")
public class NodeRm extends SkepCommand {
    @Option(
            names = {"-f", "--force"},
            description = "Force remove a node from the swarm")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "NODE")
    List<String> nodes = new ArrayList<>();

    @Override
    protected void execute() {
        List<String> errors = new ArrayList<>();
        for (String ref : nodes) {
            try {
                api().removeNode(ref, force);
                out().println(ref);
            } catch (ApiException e) {
                errors.add("Error response from daemon: " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) throw new CliException(String.join("\n", errors));
    }
}
