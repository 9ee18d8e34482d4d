package dev.skep.cli.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skep.api.filters.Filters;
import dev.skep.cli.SkepCommand;
import dev.skep.cli.client.Query;
import dev.skep.cli.format.Table;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code skep network ls}: NETWORK ID, NAME, DRIVER, SCOPE, sorted by name as docker does. */
@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, description = "List networks")
public class NetworkLs extends SkepCommand {
    @Option(
            names = {"-q", "--quiet"},
            description = "Only display network IDs")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Do not truncate the output")
    boolean noTrunc;

    @Option(
            names = {"-f", "--filter"},
            description = "Provide filter values (e.g. \"driver=overlay\")")
    List<String> filters = new ArrayList<>();

    @Override
    protected void execute() {
        List<JsonNode> networks = new ArrayList<>();
        api().client()
                .get("/networks", Query.of().filters(Filters.fromFlags(filters)))
                .forEach(networks::add);
        networks.sort(Comparator.comparing(n -> n.path("Name").asText()));
        if (quiet) {
            networks.forEach(n -> out().println(id(n)));
            return;
        }
        Table t = new Table("NETWORK ID", "NAME", "DRIVER", "SCOPE");
        for (JsonNode n : networks) {
            t.row(
                    id(n),
                    n.path("Name").asText(),
                    n.path("Driver").asText(),
                    n.path("Scope").asText());
        }
        t.print(out());
    }

    private String id(JsonNode n) {
        String id = n.path("Id").asText();
        return noTrunc || id.length() <= 12 ? id : id.substring(0, 12);
    }
}
