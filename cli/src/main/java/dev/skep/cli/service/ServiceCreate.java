package dev.skep.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skep.api.errors.ApiException;
import dev.skep.api.json.Json;
import dev.skep.api.model.PortConfig;
import dev.skep.api.model.ServiceSpec;
import dev.skep.cli.CliException;
import dev.skep.cli.SkepCommand;
import dev.skep.cli.client.Query;
import dev.skep.cli.service.progress.ServiceProgress;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skep service create [OPTIONS] IMAGE [COMMAND] [ARG...]}: builds a ServiceSpec and POSTs it. */
@Command(name = "create", mixinStandardHelpOptions = true, description = "Create a new service")
public class ServiceCreate extends SkepCommand {
    @Mixin
    ServiceFlags flags = new ServiceFlags();

    @Option(names = "--name", description = "Service name")
    String name;

    @Option(
            names = "--mode",
            defaultValue = "replicated",
            description = "Service mode (\"replicated\", \"global\", \"replicated-job\", \"global-job\")")
    protected String mode;

    @Option(
            names = "--max-concurrent",
            description = "Number of job tasks to run concurrently (default equal to --replicas)")
    String maxConcurrent;

    @Option(
            names = {"-e", "--env"},
            description = "Set environment variables")
    List<String> env = new ArrayList<>();

    @Option(
            names = {"-l", "--label"},
            description = "Service labels")
    protected List<String> labels = new ArrayList<>();

    @Option(names = "--container-label", description = "Container labels")
    List<String> containerLabels = new ArrayList<>();

    @Option(names = "--constraint", description = "Placement constraints")
    List<String> constraints = new ArrayList<>();

    @Option(names = "--placement-pref", description = "Add a placement preference")
    List<String> placementPrefs = new ArrayList<>();

    @Option(
            names = {"-p", "--publish"},
            description = "Publish a port as a node port")
    List<String> publish = new ArrayList<>();

    @Option(names = "--mount", description = "Attach a filesystem mount to the service")
    List<String> mounts = new ArrayList<>();

    @Option(names = "--network", description = "Network attachments")
    List<String> networks = new ArrayList<>();

    @Option(names = "--cap-add", description = "Add Linux capabilities")
    List<String> capAdd = new ArrayList<>();

    @Option(names = "--cap-drop", description = "Drop Linux capabilities")
    List<String> capDrop = new ArrayList<>();

    @Option(names = "--sysctl", description = "Sysctl options")
    List<String> sysctls = new ArrayList<>();

    @Option(names = "--ulimit", description = "Ulimit options")
    List<String> ulimits = new ArrayList<>();

    @Option(names = "--group", description = "Set one or more supplementary user groups for the container")
    List<String> groups = new ArrayList<>();

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Image to run")
    String image;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "Command and arguments")
    List<String> args = new ArrayList<>();

    @Override
    protected void execute() throws Exception {
        ObjectNode tree = specTree();
        resolveNetworks(tree);
        ServiceSpec spec = Json.MAPPER.treeToValue(tree, ServiceSpec.class);
        JsonNode response = api().createService(spec);
        for (JsonNode warning : response.path("Warnings")) err().println(warning.asText());
        String id = response.path("ID").asText();
        out().println(id);
        out().flush();
        if (!flags.detach()) {
            new ServiceProgress(api(), out(), cli().terminal(), flags.quiet(), flags.timeoutNanos()).waitFor(id);
        }
    }

    /** The spec these flags describe, as the typed record. */
    public ServiceSpec spec() {
        try {
            return Json.MAPPER.treeToValue(specTree(), ServiceSpec.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    ObjectNode specTree() {
        ObjectNode spec = Tree.F.objectNode();
        if (name != null) Tree.put(spec, "Name", name);
        if (!labels.isEmpty()) Tree.set(spec, "Labels", Tree.map(FlagValues.keyValues(labels)));
        ObjectNode task = Tree.obj(spec, "TaskTemplate");
        ObjectNode container = Tree.obj(task, "ContainerSpec");
        Tree.put(container, "Image", image);
        if (!args.isEmpty()) Tree.set(container, "Args", Tree.strings(args));
        List<String> environment = Environment.merge(List.of(), env);
        if (!environment.isEmpty()) Tree.set(container, "Env", Tree.strings(environment));
        if (!containerLabels.isEmpty()) Tree.set(container, "Labels", Tree.map(FlagValues.keyValues(containerLabels)));
        if (!groups.isEmpty()) Tree.set(container, "Groups", Tree.strings(groups));
        if (!mounts.isEmpty()) {
            ArrayNode m = Tree.F.arrayNode();
            mounts.forEach(v -> m.add(Json.MAPPER.valueToTree(MountSpecs.parse(v))));
            Tree.set(container, "Mounts", m);
        }
        if (!capAdd.isEmpty()) Tree.set(container, "CapabilityAdd", Tree.strings(Capabilities.normalize(capAdd)));
        if (!capDrop.isEmpty()) Tree.set(container, "CapabilityDrop", Tree.strings(Capabilities.normalize(capDrop)));
        if (!sysctls.isEmpty()) Tree.set(container, "Sysctls", Tree.map(FlagValues.keyValues(sysctls)));
        if (!ulimits.isEmpty()) Tree.set(container, "Ulimits", Ulimits.toTree(Ulimits.parse(ulimits)));
        if (!constraints.isEmpty() || !placementPrefs.isEmpty()) {
            ObjectNode placement = Tree.obj(task, "Placement");
            if (!constraints.isEmpty()) Tree.set(placement, "Constraints", Tree.strings(constraints));
            if (!placementPrefs.isEmpty()) Tree.set(placement, "Preferences", PlacementPrefs.toTree(placementPrefs));
        }
        if (!networks.isEmpty()) Tree.set(task, "Networks", NetworkSpecs.toTree(networks));
        if (!publish.isEmpty()) {
            List<PortConfig> ports = new ArrayList<>();
            publish.forEach(p -> ports.addAll(PortSpecs.parse(p)));
            Tree.set(Tree.obj(spec, "EndpointSpec"), "Ports", Json.MAPPER.valueToTree(ports));
        }
        Tree.set(spec, "Mode", modeTree());
        flags.applyTo(spec);
        boolean job = mode.endsWith("-job");
        if (job && (Tree.get(spec, "UpdateConfig") != null || Tree.get(spec, "RollbackConfig") != null)) {
            throw new CliException("update and rollback configuration is not supported for jobs");
        }
        return spec;
    }

    private ObjectNode modeTree() {
        ObjectNode m = Tree.F.objectNode();
        Long replicas = flags.replicas == null ? null : FlagValues.uint("--replicas", flags.replicas);
        switch (mode) {
            case "replicated" -> {
                if (maxConcurrent != null)
                    throw new CliException("max-concurrent can only be used with replicated-job mode");
                m.putObject("Replicated").put("Replicas", replicas == null ? 1 : replicas);
            }
            case "global" -> {
                rejectReplicas(replicas);
                m.putObject("Global");
            }
            case "replicated-job" -> {
                long total = replicas == null ? 1 : replicas;
                long concurrent = maxConcurrent == null ? total : FlagValues.uint("--max-concurrent", maxConcurrent);
                m.putObject("ReplicatedJob").put("MaxConcurrent", concurrent).put("TotalCompletions", total);
            }
            case "global-job" -> {
                rejectReplicas(replicas);
                m.putObject("GlobalJob");
            }
            default -> throw new CliException("Unknown mode: " + mode + ", only replicated and global supported");
        }
        return m;
    }

    private void rejectReplicas(Long replicas) {
        if (replicas != null)
            throw new CliException("replicas can only be used with replicated or replicated-job mode");
        if (flags.maxReplicas != null) {
            throw new CliException("replicas-max-per-node can only be used with replicated or replicated-job mode");
        }
        if (maxConcurrent != null) throw new CliException("max-concurrent can only be used with replicated-job mode");
    }

    /** Network names become IDs as docker resolves them ({@code GET /networks/{name}?scope=swarm}). */
    private void resolveNetworks(ObjectNode spec) {
        JsonNode nets = Tree.get(Tree.obj(spec, "TaskTemplate"), "Networks");
        if (nets == null) return;
        for (JsonNode n : nets) {
            ObjectNode net = (ObjectNode) n;
            String target = net.path("Target").asText();
            try {
                JsonNode found = api().client().get("/networks/" + target, Query.of("scope", "swarm"));
                if (found != null && found.hasNonNull("Id"))
                    net.put("Target", found.get("Id").asText());
            } catch (ApiException e) {
                if (e.status() == 404) throw new CliException("network " + target + " not found");
                // an API without /networks: leave the name for the daemon to resolve
            }
        }
    }
}
