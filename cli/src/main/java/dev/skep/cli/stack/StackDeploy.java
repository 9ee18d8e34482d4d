package dev.skep.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skep.api.errors.ApiException;
import dev.skep.api.errors.SwarmErrors;
import dev.skep.api.model.NetworkCreateRequest;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceMode;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.time.GoDuration;
import dev.skep.cli.CliException;
import dev.skep.cli.SkepCommand;
import dev.skep.compose.ComposeException;
import dev.skep.compose.ComposeFile;
import dev.skep.compose.Stack;
import dev.skep.compose.StackNetwork;
import dev.skep.compose.StackService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code skep stack deploy -c FILE NAME}: creates the stack's missing networks, then creates or updates its
 * services in {@code depends_on} order. Unlike docker, a service whose converted spec equals the stored one is
 * left alone, and a service waits until what it depends on runs (healthy, when it has a health check: a task
 * with a health check only counts as running once healthy) before it is created.
 */
@Command(
        name = "deploy",
        aliases = "up",
        mixinStandardHelpOptions = true,
        description = "Deploy a new stack or update an existing stack")
public class StackDeploy extends SkepCommand {
    @Option(
            names = {"-c", "--compose-file"},
            required = true,
            paramLabel = "FILE",
            description = "Path to a Compose file")
    Path composeFile;

    @Option(names = "--prune", description = "Prune services that are no longer referenced")
    boolean prune;

    @Option(
            names = {"-d", "--detach"},
            arity = "0..1",
            defaultValue = "true",
            fallbackValue = "true",
            description = "Exit immediately instead of waiting for the stack services to converge (default true)")
    boolean detach;

    @Option(
            names = "--resolve-image",
            defaultValue = "always",
            paramLabel = "MODE",
            description =
                    "Query the registry to resolve image digest (\"always\", \"changed\", \"never\"); Skep never queries registries")
    String resolveImage;

    @Option(
            names = "--wait-timeout",
            defaultValue = "300s",
            paramLabel = "DURATION",
            hidden = true,
            description = "How long to wait for a dependency to run")
    String waitTimeout;

    @Parameters(index = "0", paramLabel = "STACK")
    String name;

    @Override
    protected void execute() throws InterruptedException {
        if (!Set.of("always", "changed", "never").contains(resolveImage)) {
            throw new CliException("Invalid option " + resolveImage + " for flag --resolve-image");
        }
        JsonNode info = api().info();
        if (!info.path("Swarm").path("ControlAvailable").asBoolean(false)) {
            throw new CliException(SwarmErrors.STACK_NEEDS_MANAGER);
        }
        Stack stack;
        try {
            stack = ComposeFile.load(composeFile, name);
        } catch (ComposeException e) {
            throw new CliException(e.getMessage());
        }
        stack.warnings().forEach(err()::println);
        Map<String, Service> existing = StackObjects.services(api(), name, false).stream()
                .collect(Collectors.toMap(s -> s.spec().name(), s -> s, (a, b) -> a, LinkedHashMap::new));
        if (prune) prune(stack, existing);
        Map<String, String> networkIds = networks(stack);
        secretIds = new StackSecrets(api(), "secret").deploy(stack.secrets(), out());
        configIds = new StackSecrets(api(), "config").deploy(stack.configs(), out());
        StackReadiness readiness = new StackReadiness(api(), out(), Duration.ofNanos(GoDuration.parse(waitTimeout)));
        for (StackService service : stack.services()) {
            for (Map.Entry<String, String> dep : service.dependsOn().entrySet()) {
                readiness.await(stack.service(dep.getKey()).orElseThrow(), dep.getValue());
            }
            deploy(service, existing.get(service.name()), networkIds);
        }
        if (!detach) {
            for (StackService service : stack.services()) readiness.await(service, StackService.STARTED);
        }
    }

    private void prune(Stack stack, Map<String, Service> existing) {
        Set<String> wanted = stack.services().stream().map(StackService::name).collect(Collectors.toSet());
        for (Service s : existing.values()) {
            if (!wanted.contains(s.spec().name())) {
                out().println("Removing service " + s.spec().name());
                api().removeService(s.id());
            }
        }
    }

    /** Creates the networks that are missing; checks the external ones. Returns name → ID of all of them. */
    private Map<String, String> networks(Stack stack) {
        Map<String, String> ids = new HashMap<>();
        StackObjects.networks(api(), name)
                .forEach(n -> ids.put(n.path("Name").asText(), n.path("Id").asText()));
        for (StackNetwork network : stack.networks()) {
            if (network.external()) {
                ids.put(network.name(), external(network.name()));
                continue;
            }
            if (ids.containsKey(network.name())) continue;
            NetworkCreateRequest r = network.create();
            NetworkCreateRequest create = new NetworkCreateRequest(
                    r.name(),
                    r.checkDuplicate(),
                    r.driver() == null ? "overlay" : r.driver(),
                    r.scope(),
                    r.enableIPv6(),
                    r.ipam(),
                    r.internal(),
                    r.attachable(),
                    r.ingress(),
                    r.configOnly(),
                    r.configFrom(),
                    r.options(),
                    r.labels());
            out().println("Creating network " + network.name());
            JsonNode created = api().client().post("/networks/create", null, create);
            ids.put(network.name(), created.path("Id").asText());
        }
        return ids;
    }

    private String external(String network) {
        try {
            JsonNode n = api().client().get("/networks/" + network, null);
            if (!"swarm".equals(n.path("Scope").asText())) {
                throw new CliException(
                        "network \"" + network + "\" is declared as external, but it is not in the right scope: \""
                                + n.path("Scope").asText() + "\" instead of \"swarm\"");
            }
            return n.path("Id").asText();
        } catch (ApiException e) {
            if (e.status() != 404) throw e;
            throw new CliException("network \"" + network + "\" is declared as external, but could not be found. "
                    + "You need to create a swarm-scoped network before the stack is deployed");
        }
    }

    private Map<String, String> secretIds = Map.of();
    private Map<String, String> configIds = Map.of();

    private void deploy(StackService service, Service current, Map<String, String> networkIds) {
        ServiceSpec spec = StackSecrets.withIds(withDefaultReplicas(service.spec()), secretIds, configIds);
        if (current == null) {
            out().println("Creating service " + spec.name());
            api().createService(spec);
            return;
        }
        if (SpecComparison.same(spec, current.spec(), networkIds)) {
            out().println("Service " + spec.name() + " is up to date");
            return;
        }
        out().println("Updating service " + spec.name() + " (id: " + current.id() + ")");
        // keep ForceUpdate as stored, as docker does: a redeploy alone must not restart tasks
        var t = spec.taskTemplate();
        spec = spec.withTaskTemplate(new dev.skep.api.model.TaskSpec(
                t.pluginSpec(),
                t.containerSpec(),
                t.networkAttachmentSpec(),
                t.resources(),
                t.restartPolicy(),
                t.placement(),
                current.spec().taskTemplate().forceUpdate(),
                t.runtime(),
                t.networks(),
                t.logDriver()));
        api().updateService(current.id(), current.version().index(), spec, false);
    }

    /** An unset replica count is 1 on the server; saying so keeps the stored spec comparable. */
    private static ServiceSpec withDefaultReplicas(ServiceSpec spec) {
        if (spec.mode() != null
                && spec.mode().replicated() != null
                && spec.mode().replicated().replicas() == null) {
            return spec.withMode(ServiceMode.ofReplicated(1));
        }
        return spec;
    }
}
