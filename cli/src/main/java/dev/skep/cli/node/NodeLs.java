package dev.skep.cli.node;

import dev.skep.api.filters.Filters;
import dev.skep.api.model.Node;
import dev.skep.cli.SkepCommand;
import dev.skep.cli.format.Table;
import dev.skep.cli.format.Text;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code skep node ls}: ID (with " *" for this node), HOSTNAME, STATUS, AVAILABILITY, MANAGER STATUS, ENGINE VERSION. */
@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, description = "List nodes in the swarm")
public class NodeLs extends SkepCommand {
    @Option(
            names = {"-q", "--quiet"},
            description = "Only display IDs")
    boolean quiet;

    @Option(
            names = {"-f", "--filter"},
            description = "Filter output based on conditions provided")
    List<String> filters = new ArrayList<>();

    @Override
    protected void execute() {
        List<Node> nodes = new ArrayList<>(api().nodes(Filters.fromFlags(filters)));
        nodes.sort(Comparator.comparing(n -> n.hostname() == null ? "" : n.hostname(), Text.NATURAL));
        if (quiet) {
            nodes.forEach(n -> out().println(n.id()));
            return;
        }
        String self =
                nodes.isEmpty() ? "" : api().info().path("Swarm").path("NodeID").asText("");
        render(nodes, self).print(out());
    }

    public static Table render(List<Node> nodes, String selfId) {
        Table t = new Table("ID  ", "HOSTNAME", "STATUS", "AVAILABILITY", "MANAGER STATUS", "ENGINE VERSION");
        for (Node n : nodes) {
            String id = n.id() + " " + (n.id().equals(selfId) ? "*" : " ");
            String status = n.status() == null ? "" : Text.capitalize(n.status().state());
            String availability = Text.capitalize(
                    n.spec() == null || n.spec().availability() == null
                            ? ""
                            : n.spec().availability());
            String engine = n.description() == null || n.description().engine() == null
                    ? ""
                    : n.description().engine().engineVersion();
            t.row(id, n.hostname() == null ? "" : n.hostname(), status, availability, managerStatus(n), engine);
        }
        return t;
    }

    static String managerStatus(Node n) {
        if (n.managerStatus() == null) return "";
        if (Boolean.TRUE.equals(n.managerStatus().leader())) return "Leader";
        return Text.capitalize(n.managerStatus().reachability());
    }
}
