package dev.skep.cli.node;

import dev.skep.api.model.Node;
import dev.skep.cli.SkepCommand;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code skep node promote NODE...}: set the role to manager. */
@Command(
        name = "promote",
        mixinStandardHelpOptions = true,
        description = "Promote one or more nodes to manager in the swarm")
public class NodePromote extends SkepCommand {
    @Parameters(arity = "1..*", paramLabel = "NODE")
    List<String> nodes = new ArrayList<>();

    @Override
    protected void execute() {
        for (String ref : nodes) {
            Node n = api().node(ref);
            if ("manager".equals(n.spec() == null ? null : n.spec().role())) {
                out().println("Node " + n.id() + " is already a manager.");
                continue;
            }
            api().updateNode(
                            n.id(),
                            n.version().value(),
                            new Node.Spec(
                                    n.spec().name(),
                                    n.spec().labels(),
                                    "manager",
                                    n.spec().availability()));
            out().println("Node " + ref + " promoted to a manager in the swarm.");
        }
    }
}
