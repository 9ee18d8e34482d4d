package dev.skep.cli.network;

import dev.skep.api.errors.ApiException;
import dev.skep.cli.CliException;
import dev.skep.cli.SkepCommand;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code skep network rm NETWORK...}: refused by the manager while a service or task uses the network. */
@Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true, description = "Remove one or more networks")
public class NetworkRm extends SkepCommand {
    @Parameters(arity = "1..*", paramLabel = "NETWORK")
    List<String> networks = new ArrayList<>();

    @Override
    protected void execute() {
        List<String> errors = new ArrayList<>();
        for (String ref : networks) {
            try {
                api().client().delete("/networks/" + URLEncoder.encode(ref, StandardCharsets.UTF_8), null);
                out().println(ref);
            } catch (ApiException e) {
                errors.add("Error response from daemon: " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) throw new CliException(String.join("\n", errors));
    }
}
