package dev.skep.cli.secret;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skep.api.errors.ApiException;
import dev.skep.cli.CliException;
import dev.skep.cli.SkepCommand;
import dev.skep.cli.format.JsonPrinter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skep secret|config inspect [--pretty] NAME...}. */
abstract class InspectBase extends SkepCommand {
    @Option(names = "--pretty", description = "Print the information in a human friendly format")
    boolean pretty;

    @Parameters(arity = "1..*", paramLabel = "NAME")
    List<String> refs = new ArrayList<>();

    abstract Kind kind();

    @Override
    protected void execute() {
        List<JsonNode> found = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String ref : refs) {
            try {
                found.add(
                        api().client().get(kind().path() + "/" + URLEncoder.encode(ref, StandardCharsets.UTF_8), null));
            } catch (ApiException e) {
                if (e.status() != 404) throw e;
                errors.add("Error response from daemon: " + e.getMessage());
            }
        }
        if (pretty) {
            found.forEach(this::printPretty);
        } else {
            out().print(JsonPrinter.array(found));
        }
        out().flush();
        if (!errors.isEmpty()) throw new CliException(String.join("\n", errors));
    }

    /** docker's pretty form: ID, name, labels, (driver), dates, and a config's data. */
    private void printPretty(JsonNode o) {
        JsonNode spec = o.path("Spec");
        out().println("ID:              " + o.path("ID").asText());
        out().println("Name:            " + spec.path("Name").asText());
        JsonNode labels = spec.path("Labels");
        if (labels.isObject() && !labels.isEmpty()) {
            out().println("Labels:");
            for (Map.Entry<String, JsonNode> e : labels.properties()) {
                out().println(" - " + e.getKey() + "=" + e.getValue().asText());
            }
        }
        if (kind() == Kind.SECRET)
            out().println("Driver:          " + spec.path("Driver").path("Name").asText(""));
        out().println("Created at:      " + o.path("CreatedAt").asText());
        out().println("Updated at:      " + o.path("UpdatedAt").asText());
        if (kind() == Kind.CONFIG) {
            out().println("Data:");
            try {
                out().println(new String(spec.path("Data").binaryValue(), StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                throw new CliException("cannot decode the config's data: " + e.getMessage());
            }
        }
    }
}
