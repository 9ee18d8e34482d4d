package dev.skep.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skep.api.errors.ApiException;
import dev.skep.api.json.Json;
import dev.skep.api.model.Service;
import dev.skep.cli.CliException;
import dev.skep.cli.SkepCommand;
import dev.skep.cli.format.JsonPrinter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skep service inspect [--pretty] SERVICE...}: {@code GET /services/{id}?insertDefaults=true}. */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = "Display detailed information on one or more services")
public class ServiceInspect extends SkepCommand {
    @Option(names = "--pretty", description = "Print the information in a human friendly format")
    boolean pretty;

    @Parameters(arity = "1..*", paramLabel = "SERVICE")
    List<String> services = new ArrayList<>();

    @Override
    protected void execute() throws Exception {
        List<JsonNode> found = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String ref : services) {
            try {
                found.add(api().serviceRaw(ref, true));
            } catch (ApiException e) {
                if (e.status() != 404) throw e;
                errors.add("no such service: " + ref);
            }
        }
        if (pretty) {
            for (JsonNode raw : found)
                out().print(ServicePretty.render(Json.MAPPER.treeToValue(raw, Service.class), Instant.now()));
        } else {
            out().print(JsonPrinter.array(found));
        }
        out().flush();
        if (!errors.isEmpty()) throw new CliException(String.join("\n", errors));
    }
}
