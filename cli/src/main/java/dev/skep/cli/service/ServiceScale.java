package dev.skep.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skep.api.errors.ApiException;
import dev.skep.cli.CliException;
import dev.skep.cli.SkepCommand;
import dev.skep.cli.service.progress.ServiceProgress;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skep service scale SERVICE=REPLICAS...}: GET the service, POST its spec back with the new count. */
@Command(name = "scale", mixinStandardHelpOptions = true, description = "Scale one or multiple replicated services")
public class ServiceScale extends SkepCommand {
    @Option(
            names = {"-d", "--detach"},
            arity = "0..1",
            fallbackValue = "true",
            description = "Exit immediately instead of waiting for the service to converge")
    boolean detach;

    @Option(names = "--timeout", description = "Stop waiting for convergence after this long; 0 waits forever")
    String timeout;

    @Parameters(arity = "1..*", paramLabel = "SERVICE=REPLICAS")
    List<String> scales = new ArrayList<>();

    @Override
    protected void execute() throws Exception {
        List<String> errors = new ArrayList<>();
        List<String> scaled = new ArrayList<>();
        for (String arg : scales) {
            int eq = arg.indexOf('=');
            String service = eq < 0 ? arg : arg.substring(0, eq);
            String count = eq < 0 ? "" : arg.substring(eq + 1);
            long replicas;
            try {
                replicas = Long.parseUnsignedLong(count);
            } catch (NumberFormatException e) {
                errors.add(service + ": invalid replicas value " + count + ": strconv.ParseUint: parsing \"" + count
                        + "\": invalid syntax");
                continue;
            }
            try {
                scale(service, replicas);
                out().println(service + " scaled to " + replicas);
                scaled.add(service);
            } catch (ApiException e) {
                errors.add(service + ": Error response from daemon: " + e.getMessage());
            } catch (CliException e) {
                errors.add(service + ": " + e.getMessage());
            }
        }
        if (!detach) {
            long timeoutNanos = timeout == null ? 0 : FlagValues.duration("--timeout", timeout);
            for (String service : scaled) {
                try {
                    new ServiceProgress(api(), out(), cli().terminal(), false, timeoutNanos).waitFor(service);
                } catch (CliException e) {
                    errors.add(service + ": " + e.getMessage());
                }
            }
        }
        if (!errors.isEmpty()) throw new CliException(String.join("\n", errors));
    }

    /** Edits the spec as read, so fields this CLI does not model are sent back unchanged. */
    private void scale(String ref, long replicas) {
        JsonNode service = api().serviceRaw(ref, false);
        ObjectNode spec = (ObjectNode) Tree.get((ObjectNode) service, "Spec");
        ObjectNode mode = Tree.obj(spec, "Mode");
        if (Tree.get(mode, "Replicated") instanceof ObjectNode replicated) {
            Tree.put(replicated, "Replicas", replicas);
        } else if (Tree.get(mode, "ReplicatedJob") instanceof ObjectNode job) {
            Tree.put(job, "TotalCompletions", replicas);
        } else {
            throw new CliException("scale can only be used with replicated or replicated-job mode");
        }
        long version = Tree.obj((ObjectNode) service, "Version")
                .path(Tree.key(Tree.obj((ObjectNode) service, "Version"), "Index"))
                .asLong();
        JsonNode response =
                api().updateService(Tree.get((ObjectNode) service, "ID").asText(), version, spec, false);
        if (response != null) response.path("Warnings").forEach(w -> err().println(w.asText()));
    }
}
