package dev.skep.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skep.api.errors.ApiException;
import dev.skep.api.model.Service;
import dev.skep.cli.CliException;
import dev.skep.cli.SkepCommand;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code skep stack rm NAME...}: removes the stack's services, then its secrets, configs and networks, as docker
 * does; external secrets and configs carry no namespace label and stay.
 */
@Command(
        name = "rm",
        aliases = {"remove", "down"},
        mixinStandardHelpOptions = true,
        description = "Remove one or more stacks")
public class StackRm extends SkepCommand {
    @Parameters(arity = "1..*", paramLabel = "STACK")
    List<String> stacks = new ArrayList<>();

    @Override
    protected void execute() {
        List<String> errors = new ArrayList<>();
        for (String stack : stacks) {
            List<Service> services = new ArrayList<>(StackObjects.services(api(), stack, false));
            List<JsonNode> networks = StackObjects.networks(api(), stack);
            StackSecrets secretApi = new StackSecrets(api(), "secret");
            StackSecrets configApi = new StackSecrets(api(), "config");
            List<JsonNode> secrets = secretApi.owned(stack);
            List<JsonNode> configs = configApi.owned(stack);
            if (services.isEmpty() && networks.isEmpty() && secrets.isEmpty() && configs.isEmpty()) {
                err().println("Nothing found in stack: " + stack);
                continue;
            }
            services.sort(Comparator.comparing(s -> s.spec().name()));
            for (Service s : services) {
                out().println("Removing service " + s.spec().name());
                try {
                    api().removeService(s.id());
                } catch (ApiException e) {
                    errors.add("Failed to remove service " + s.id() + ": " + e.getMessage());
                }
            }
            for (JsonNode o : secrets) secretApi.remove(o, out(), errors);
            for (JsonNode o : configs) configApi.remove(o, out(), errors);
            for (JsonNode n : networks) {
                out().println("Removing network " + n.path("Name").asText());
                try {
                    api().client().delete("/networks/" + n.path("Id").asText(), null);
                } catch (ApiException e) {
                    errors.add("Failed to remove network " + n.path("Id").asText() + ": " + e.getMessage());
                }
            }
        }
        if (!errors.isEmpty()) throw new CliException(String.join("\n", errors));
    }
}
