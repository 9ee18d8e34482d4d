package dev.skep.cli.service;

import dev.skep.api.errors.ApiException;
import dev.skep.cli.CliException;
import dev.skep.cli.SkepCommand;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code skep service rm SERVICE...}: {@code DELETE /services/{ref}}, printing each removed name. */
@Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true, description = "Remove one or more services")
public class ServiceRm extends SkepCommand {
    @Parameters(arity = "1..*", paramLabel = "SERVICE")
    List<String> services = new ArrayList<>();

    @Override
    protected void execute() {
        List<String> errors = new ArrayList<>();
        for (String ref : services) {
            try {
                api().removeService(ref);
                out().println(ref);
            } catch (ApiException e) {
                errors.add("Error response from daemon: " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) throw new CliException(String.join("\n", errors));
    }
}
