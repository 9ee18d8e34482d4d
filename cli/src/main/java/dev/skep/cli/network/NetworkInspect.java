package dev.skep.cli.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skep.api.errors.ApiException;
import dev.skep.cli.CliException;
import dev.skep.cli.SkepCommand;
import dev.skep.cli.format.JsonPrinter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code skep network inspect NETWORK...}: the networks as a JSON array. */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = "Display detailed information on one or more networks")
public class NetworkInspect extends SkepCommand {
    @Parameters(arity = "1..*", paramLabel = "NETWORK")
    List<String> networks = new ArrayList<>();

    @Override
    protected void execute() {
        List<JsonNode> found = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String ref : networks) {
            try {
                found.add(api().client().get("/networks/" + URLEncoder.encode(ref, StandardCharsets.UTF_8), null));
            } catch (ApiException e) {
                if (e.status() != 404) throw e;
                errors.add("Error response from daemon: " + e.getMessage());
            }
        }
        out().print(JsonPrinter.array(found));
        out().flush();
        if (!errors.isEmpty()) throw new CliException(String.join("\n", errors));
    }
}
