package dev.skep.cli.stack;

import dev.skep.api.model.Service;
import dev.skep.cli.CliException;
import dev.skep.cli.SkepCommand;
import dev.skep.cli.format.Text;
import dev.skep.cli.service.ServiceLs;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skep stack services NAME}: the stack's services as {@code service ls} shows them. */
@Command(name = "services", mixinStandardHelpOptions = true, description = "List the services in the stack")
public class StackServices extends SkepCommand {
    @Option(
            names = {"-q", "--quiet"},
            description = "Only display IDs")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "STACK")
    String stack;

    @Override
    protected void execute() {
        List<Service> services = new ArrayList<>(StackObjects.services(api(), stack, true));
        if (services.isEmpty()) throw new CliException("Nothing found in stack: " + stack);
        services.sort(Comparator.comparing(s -> s.spec().name(), Text.NATURAL));
        if (quiet) {
            services.forEach(s -> out().println(s.id()));
            return;
        }
        ServiceLs.render(services).print(out());
    }
}
