package dev.skep.cli.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skep.api.errors.ApiException;
import dev.skep.api.json.Json;
import dev.skep.api.model.Node;
import dev.skep.api.units.Units;
import dev.skep.cli.CliException;
import dev.skep.cli.SkepCommand;
import dev.skep.cli.format.JsonPrinter;
import dev.skep.cli.service.NodeRefs;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skep node inspect [--pretty] self|NODE...}. */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = "Display detailed information on one or more nodes")
public class NodeInspect extends SkepCommand {
    @Option(names = "--pretty", description = "Print the information in a human friendly format")
    boolean pretty;

    @Parameters(arity = "1..*", paramLabel = "self|NODE")
    List<String> nodes = new ArrayList<>();

    @Override
    protected void execute() throws Exception {
        List<JsonNode> found = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String ref : nodes) {
            try {
                found.add(api().nodeRaw(NodeRefs.resolve(api(), ref)));
            } catch (ApiException e) {
                if (e.status() != 404) throw e;
                errors.add("Error response from daemon: " + e.getMessage());
            }
        }
        if (pretty) {
            for (int i = 0; i < found.size(); i++) {
                if (i > 0) out().println();
                out().print(pretty(Json.MAPPER.treeToValue(found.get(i), Node.class)));
            }
        } else {
            out().print(JsonPrinter.array(found));
        }
        out().flush();
        if (!errors.isEmpty()) throw new CliException(String.join("\n", errors));
    }

    static String pretty(Node n) {
        StringBuilder sb = new StringBuilder();
        sb.append("ID:\t\t\t").append(n.id()).append('\n');
        if (n.spec() != null && n.spec().name() != null && !n.spec().name().isEmpty()) {
            sb.append("Name:\t\t\t").append(n.spec().name()).append('\n');
        }
        if (n.spec() != null && n.spec().labels() != null && !n.spec().labels().isEmpty()) {
            sb.append("Labels:\n");
            new TreeMap<>(n.spec().labels())
                    .forEach((k, v) -> sb.append(" - ")
                            .append(k)
                            .append(v.isEmpty() ? "" : "=" + v)
                            .append('\n'));
        }
        sb.append("Hostname:              \t")
                .append(n.hostname() == null ? "" : n.hostname())
                .append('\n');
        sb.append("Joined at:             \t")
                .append(n.createdAt() == null ? "" : n.createdAt())
                .append('\n');
        sb.append("Status:\n");
        sb.append(" State:\t\t\t")
                .append(n.status() == null ? "" : cap(n.status().state()))
                .append('\n');
        if (n.status() != null
                && n.status().message() != null
                && !n.status().message().isEmpty()) {
            sb.append(" Message:              \t").append(n.status().message()).append('\n');
        }
        sb.append(" Availability:         \t").append(cap(n.availability())).append('\n');
        if (n.status() != null
                && n.status().addr() != null
                && !n.status().addr().isEmpty()) {
            sb.append(" Address:\t\t").append(n.status().addr()).append('\n');
        }
        if (n.managerStatus() != null) {
            sb.append("Manager Status:\n");
            sb.append(" Address:\t\t").append(n.managerStatus().addr()).append('\n');
            sb.append(" Raft Status:\t\t")
                    .append(cap(n.managerStatus().reachability()))
                    .append('\n');
            sb.append(" Leader:\t\t")
                    .append(Boolean.TRUE.equals(n.managerStatus().leader()) ? "Yes" : "No")
                    .append('\n');
        }
        var d = n.description();
        sb.append("Platform:\n");
        sb.append(" Operating System:\t")
                .append(d == null || d.platform() == null ? "" : d.platform().os())
                .append('\n');
        sb.append(" Architecture:\t\t")
                .append(d == null || d.platform() == null ? "" : d.platform().architecture())
                .append('\n');
        sb.append("Resources:\n");
        sb.append(" CPUs:\t\t\t")
                .append(d == null || d.resources() == null ? 0 : d.resources().cpus() / 1_000_000_000L)
                .append('\n');
        sb.append(" Memory:\t\t")
                .append(Units.bytesSize(
                        d == null || d.resources() == null ? 0 : d.resources().memory()))
                .append('\n');
        sb.append("Engine Version:\t\t")
                .append(d == null || d.engine() == null ? "" : d.engine().engineVersion())
                .append('\n');
        return sb.toString();
    }

    private static String cap(String s) {
        return dev.skep.cli.format.Text.capitalize(s == null ? "" : s);
    }
}
