package dev.skep.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skep.cli.SkepCommand;
import dev.skep.cli.service.progress.ServiceProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skep service rollback SERVICE}: a server-side rollback ({@code ?rollback=previous}) to the previous spec. */
@Command(
        name = "rollback",
        mixinStandardHelpOptions = true,
        description = "Revert changes to a service's configuration")
public class ServiceRollback extends SkepCommand {
    @Option(
            names = {"-d", "--detach"},
            arity = "0..1",
            fallbackValue = "true",
            description = "Exit immediately instead of waiting for the service to converge")
    boolean detach;

    @Option(
            names = {"-q", "--quiet"},
            description = "Suppress progress output")
    boolean quiet;

    @Option(names = "--timeout", description = "Stop waiting for convergence after this long; 0 waits forever")
    String timeout;

    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Override
    protected void execute() throws Exception {
        ObjectNode current = (ObjectNode) api().serviceRaw(service, false);
        ObjectNode spec = (ObjectNode) Tree.get(current, "Spec");
        long version = ServiceUpdate.versionOf(current);
        JsonNode response = api().updateService(Tree.get(current, "ID").asText(), version, spec, true);
        if (response != null) response.path("Warnings").forEach(w -> err().println(w.asText()));
        out().println(service);
        out().flush();
        if (!detach) {
            long t = timeout == null ? 0 : FlagValues.duration("--timeout", timeout);
            new ServiceProgress(api(), out(), cli().terminal(), quiet, t).waitFor(service);
        }
    }
}
