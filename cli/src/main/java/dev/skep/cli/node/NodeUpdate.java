package dev.skep.cli.node;

import dev.skep.api.model.Node;
import dev.skep.cli.CliException;
import dev.skep.cli.SkepCommand;
import dev.skep.cli.client.SwarmApi;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skep node update [--availability] [--role] [--label-add] [--label-rm] NODE}. */
@Command(name = "update", mixinStandardHelpOptions = true, description = "Update a node")
public class NodeUpdate extends SkepCommand {
    @Option(names = "--availability", description = "Availability of the node (\"active\", \"pause\", \"drain\")")
    String availability;

    @Option(names = "--role", description = "Role of the node (\"worker\", \"manager\")")
    String role;

    @Option(names = "--label-add", description = "Add or update a node label (key=value)")
    List<String> labelAdd = new ArrayList<>();

    @Option(names = "--label-rm", description = "Remove a node label if exists")
    List<String> labelRm = new ArrayList<>();

    @Parameters(index = "0", paramLabel = "NODE")
    String node;

    @Override
    protected void execute() {
        if (availability != null && !List.of("active", "pause", "drain").contains(availability)) {
            throw new CliException("invalid argument \"" + availability + "\" for \"--availability\" flag: "
                    + "only active, pause and drain are supported");
        }
        if (role != null && !List.of("worker", "manager").contains(role)) {
            throw new CliException(
                    "invalid argument \"" + role + "\" for \"--role\" flag: only worker and manager are supported");
        }
        update(api(), node, this::merge);
        out().println(node);
    }

    Node.Spec merge(Node.Spec spec) {
        Map<String, String> labels = new LinkedHashMap<>(spec.labels() == null ? Map.of() : spec.labels());
        for (String kv : labelAdd) {
            int eq = kv.indexOf('=');
            labels.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
        }
        for (String k : labelRm) {
            if (!labels.containsKey(k)) throw new CliException("key " + k + " doesn't exist in node's labels");
            labels.remove(k);
        }
        return new Node.Spec(
                spec.name(),
                labels,
                role != null ? role : spec.role(),
                availability != null ? availability : spec.availability());
    }

    /** GET the node, change its spec, POST it back at the version read. */
    static void update(SwarmApi api, String ref, UnaryOperator<Node.Spec> change) {
        Node n = api.node(ref);
        Node.Spec spec = n.spec() == null ? new Node.Spec(null, null, null, null) : n.spec();
        api.updateNode(n.id(), n.version().value(), change.apply(spec));
    }
}
