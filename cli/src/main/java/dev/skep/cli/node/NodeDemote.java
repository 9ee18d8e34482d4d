package dev.skep.cli.node;

import dev.skep.api.model.Node;
import dev.skep.cli.SkepCommand;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code skep node demote NODE...}: set the role to worker. */
@Command(
        name = "demote",
        mixinStandardHelpOptions = true,
        description = "Demote one or more nodes from manager in the swarm")
public class NodeDemote extends SkepCommand {
    @Parameters(arity = "1..*", paramLabel = "NODE")
    List<String> nodes = new ArrayList<>();

    @Override
    protected void execute() {
        for (String ref : nodes) {
            Node n = api().node(ref);
            if ("worker".equals(n.spec() == null ? null : n.spec().role())) {
                out().println("Node " + n.id() + " is already a worker.");
                continue;
            }
            api().updateNode(
                            n.id(),
                            n.version().value(),
                            new Node.Spec(
                                    n.spec().name(),
                                    n.spec().labels(),
                                    "worker",
                                    n.spec().availability()));
            out().println("Manager " + ref + " demoted in the swarm.");
        }
    }
}
