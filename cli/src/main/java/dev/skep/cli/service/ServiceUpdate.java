package dev.skep.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skep.api.json.Json;
import dev.skep.api.model.ContainerSpec;
import dev.skep.api.model.PortConfig;
import dev.skep.cli.CliException;
import dev.skep.cli.SkepCommand;
import dev.skep.cli.service.progress.ServiceProgress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code skep service update [OPTIONS] SERVICE}: GET the service, edit its spec with the flags given, POST it
 * back with {@code ?version=}; {@code --rollback} asks the daemon for a server-side rollback instead.
 */
@Command(name = "update", mixinStandardHelpOptions = true, description = "Update a service")
public class ServiceUpdate extends SkepCommand {
    @Mixin
    ServiceFlags flags = new ServiceFlags();

    @Option(names = "--image", description = "Service image tag")
    String image;

    @Option(names = "--args", description = "Service command args")
    String args;

    @Option(names = "--env-add", description = "Add or update an environment variable")
    List<String> envAdd = new ArrayList<>();

    @Option(names = "--env-rm", description = "Remove an environment variable")
    List<String> envRm = new ArrayList<>();

    @Option(names = "--label-add", description = "Add or update a service label")
    List<String> labelAdd = new ArrayList<>();

    @Option(names = "--label-rm", description = "Remove a label by its key")
    List<String> labelRm = new ArrayList<>();

    @Option(names = "--container-label-add", description = "Add or update a container label")
    List<String> containerLabelAdd = new ArrayList<>();

    @Option(names = "--container-label-rm", description = "Remove a container label by its key")
    List<String> containerLabelRm = new ArrayList<>();

    @Option(names = "--constraint-add", description = "Add or update a placement constraint")
    List<String> constraintAdd = new ArrayList<>();

    @Option(names = "--constraint-rm", description = "Remove a constraint")
    List<String> constraintRm = new ArrayList<>();

    @Option(names = "--placement-pref-add", description = "Add a placement preference")
    List<String> prefAdd = new ArrayList<>();

    @Option(names = "--placement-pref-rm", description = "Remove a placement preference")
    List<String> prefRm = new ArrayList<>();

    @Option(names = "--publish-add", description = "Add or update a published port")
    List<String> publishAdd = new ArrayList<>();

    @Option(names = "--publish-rm", description = "Remove a published port by its target port")
    List<String> publishRm = new ArrayList<>();

    @Option(names = "--mount-add", description = "Add or update a mount on a service")
    List<String> mountAdd = new ArrayList<>();

    @Option(names = "--mount-rm", description = "Remove a mount by its target path")
    List<String> mountRm = new ArrayList<>();

    @Option(names = "--network-add", description = "Add a network")
    List<String> networkAdd = new ArrayList<>();

    @Option(names = "--network-rm", description = "Remove a network")
    List<String> networkRm = new ArrayList<>();

    @Option(names = "--cap-add", description = "Add Linux capabilities")
    List<String> capAdd = new ArrayList<>();

    @Option(names = "--cap-drop", description = "Drop Linux capabilities")
    List<String> capDrop = new ArrayList<>();

    @Option(names = "--sysctl-add", description = "Add or update a Sysctl option")
    List<String> sysctlAdd = new ArrayList<>();

    @Option(names = "--sysctl-rm", description = "Remove a Sysctl option")
    List<String> sysctlRm = new ArrayList<>();

    @Option(names = "--ulimit-add", description = "Add or update a ulimit option")
    List<String> ulimitAdd = new ArrayList<>();

    @Option(names = "--ulimit-rm", description = "Remove a ulimit option")
    List<String> ulimitRm = new ArrayList<>();

    @Option(names = "--force", description = "Force update even if no changes require it")
    boolean force;

    @Option(names = "--rollback", description = "Rollback to previous specification")
    boolean rollback;

    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Override
    protected void execute() throws Exception {
        ObjectNode current = (ObjectNode) api().serviceRaw(service, false);
        ObjectNode spec = ((ObjectNode) Tree.get(current, "Spec")).deepCopy();
        if (rollback) {
            if (changedOtherThanRollback()) throw new CliException("other flags may not be combined with --rollback");
        } else {
            apply(spec);
        }
        JsonNode response = api().updateService(Tree.get(current, "ID").asText(), versionOf(current), spec, rollback);
        if (response != null) response.path("Warnings").forEach(w -> err().println(w.asText()));
        out().println(service);
        out().flush();
        if (!flags.detach()) {
            new ServiceProgress(api(), out(), cli().terminal(), flags.quiet(), flags.timeoutNanos()).waitFor(service);
        }
    }

    static long versionOf(ObjectNode service) {
        ObjectNode version = Tree.obj(service, "Version");
        JsonNode index = Tree.get(version, "Index");
        return index == null ? 0 : index.asLong();
    }

    private boolean changedOtherThanRollback() {
        ObjectNode probe = Tree.F.objectNode();
        ObjectNode before = probe.deepCopy();
        apply(probe);
        Tree.obj(Tree.obj(before, "TaskTemplate"), "ContainerSpec");
        return !probe.equals(before);
    }

    /** Applies these flags to an existing spec, as docker's updateService does. */
    public void apply(ObjectNode spec) {
        ObjectNode task = Tree.obj(spec, "TaskTemplate");
        ObjectNode container = Tree.obj(task, "ContainerSpec");
        editMap(spec, "Labels", labelAdd, labelRm);
        editMap(container, "Labels", containerLabelAdd, containerLabelRm);
        if (image != null) Tree.put(container, "Image", image);
        if (args != null) Tree.set(container, "Args", Tree.strings(ServiceFlags.words(args)));
        if (!envAdd.isEmpty() || !envRm.isEmpty()) {
            List<String> env = Environment.merge(Environment.remove(Tree.stringList(container, "Env"), envRm), envAdd);
            Tree.set(container, "Env", Tree.strings(env));
        }
        editMounts(container);
        editMap(container, "Sysctls", sysctlAdd, sysctlRm);
        editUlimits(container);
        editCapabilities(container);
        if (!constraintAdd.isEmpty() || !constraintRm.isEmpty()) {
            ObjectNode placement = Tree.obj(task, "Placement");
            List<String> constraints = Tree.stringList(placement, "Constraints");
            constraints.addAll(constraintAdd);
            constraints.removeIf(constraintRm::contains);
            constraints.sort(Comparator.naturalOrder());
            Tree.set(placement, "Constraints", Tree.strings(constraints));
        }
        editPreferences(task);
        editNetworks(spec, task);
        if (flags.replicas != null) {
            ObjectNode mode = Tree.obj(spec, "Mode");
            if (!(Tree.get(mode, "Replicated") instanceof ObjectNode replicated)) {
                throw new CliException("replicas can only be used with replicated mode");
            }
            Tree.put(replicated, "Replicas", FlagValues.uint("--replicas", flags.replicas));
        }
        if (!publishAdd.isEmpty() || !publishRm.isEmpty()) editPorts(Tree.obj(spec, "EndpointSpec"));
        if (force) {
            JsonNode f = Tree.get(task, "ForceUpdate");
            Tree.put(task, "ForceUpdate", (f == null ? 0 : f.asLong()) + 1);
        }
        flags.applyTo(spec);
        dropEmpty(task, "Placement");
    }

    private static void editMap(ObjectNode node, String field, List<String> add, List<String> rm) {
        if (add.isEmpty() && rm.isEmpty()) return;
        Map<String, String> values = Tree.stringMap(node, field);
        for (String k : rm)
            values.remove(FlagValues.keyValues(List.of(k)).keySet().iterator().next());
        values.putAll(FlagValues.keyValues(add));
        Tree.set(node, field, Tree.map(values));
    }

    private void editMounts(ObjectNode container) {
        if (mountAdd.isEmpty() && mountRm.isEmpty()) return;
        Map<String, JsonNode> byTarget = new LinkedHashMap<>();
        for (String m : mountAdd) {
            JsonNode mount = Json.MAPPER.valueToTree(MountSpecs.parse(m));
            String target = mount.path("Target").asText();
            if (byTarget.put(target, mount) != null) throw new CliException("duplicate mount target");
        }
        JsonNode existing = Tree.get(container, "Mounts");
        if (existing != null) {
            for (JsonNode m : existing)
                byTarget.putIfAbsent(Tree.get((ObjectNode) m, "Target").asText(), m);
        }
        List<JsonNode> mounts = new ArrayList<>();
        byTarget.forEach((target, m) -> {
            if (!mountRm.contains(target)) mounts.add(m);
        });
        mounts.sort(Comparator.comparing((JsonNode m) -> text(m, "Source")).thenComparing(m -> text(m, "Target")));
        ArrayNode a = Tree.F.arrayNode();
        mounts.forEach(a::add);
        Tree.set(container, "Mounts", a);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = Tree.get((ObjectNode) node, field);
        return v == null ? "" : v.asText();
    }

    private void editUlimits(ObjectNode container) {
        if (ulimitAdd.isEmpty() && ulimitRm.isEmpty()) return;
        Map<String, ContainerSpec.Ulimit> limits = new TreeMap<>();
        JsonNode existing = Tree.get(container, "Ulimits");
        if (existing != null) {
            for (JsonNode u : existing) {
                ContainerSpec.Ulimit l = Json.MAPPER.convertValue(u, ContainerSpec.Ulimit.class);
                limits.put(l.name(), l);
            }
        }
        FlagValues.keyValues(ulimitRm).keySet().forEach(limits::remove);
        limits.putAll(Ulimits.parse(ulimitAdd));
        Tree.set(container, "Ulimits", limits.isEmpty() ? null : Ulimits.toTree(limits));
    }

    /** Adding a capability cancels its drop and the other way round, as docker's updateCapabilities does. */
    private void editCapabilities(ObjectNode container) {
        if (capAdd.isEmpty() && capDrop.isEmpty()) return;
        List<String> add = Capabilities.normalize(Tree.stringList(container, "CapabilityAdd"));
        List<String> drop = Capabilities.normalize(Tree.stringList(container, "CapabilityDrop"));
        List<String> newAdd = Capabilities.normalize(capAdd);
        List<String> newDrop = Capabilities.normalize(capDrop);
        add.removeAll(newDrop);
        drop.removeAll(newAdd);
        newAdd.stream().filter(c -> !add.contains(c)).forEach(add::add);
        newDrop.stream().filter(c -> !drop.contains(c)).forEach(drop::add);
        add.sort(Comparator.naturalOrder());
        drop.sort(Comparator.naturalOrder());
        Tree.set(container, "CapabilityAdd", add.isEmpty() ? null : Tree.strings(add));
        Tree.set(container, "CapabilityDrop", drop.isEmpty() ? null : Tree.strings(drop));
    }

    private void editPreferences(ObjectNode task) {
        if (prefAdd.isEmpty() && prefRm.isEmpty()) return;
        ObjectNode placement = Tree.obj(task, "Placement");
        List<String> remove = prefRm.stream().map(PlacementPrefs::descriptor).toList();
        ArrayNode prefs = Tree.F.arrayNode();
        JsonNode existing = Tree.get(placement, "Preferences");
        if (existing != null) {
            for (JsonNode p : existing) {
                String d = p.path(Tree.key((ObjectNode) p, "Spread"))
                        .path("SpreadDescriptor")
                        .asText(null);
                if (d == null || !remove.contains(d)) prefs.add(p);
            }
        }
        prefs.addAll(PlacementPrefs.toTree(prefAdd));
        Tree.set(placement, "Preferences", prefs);
    }

    private void editNetworks(ObjectNode spec, ObjectNode task) {
        if (networkAdd.isEmpty() && networkRm.isEmpty()) return;
        // TaskTemplate.Networks replaces the deprecated Spec.Networks, as docker migrates it on update
        JsonNode current = Tree.get(task, "Networks");
        if (current == null || current.isEmpty()) current = Tree.get(spec, "Networks");
        Tree.set(spec, "Networks", null);
        ArrayNode nets = Tree.F.arrayNode();
        // targets are stored as IDs; docker resolves the names given to --network-rm the same way
        java.util.Set<String> remove = new java.util.HashSet<>(networkRm);
        networkRm.forEach(n -> remove.add(networkId(n)));
        if (current != null) {
            for (JsonNode n : current) {
                if (!remove.contains(n.path(Tree.key((ObjectNode) n, "Target")).asText())) nets.add(n);
            }
        }
        networkAdd.forEach(n -> nets.add(NetworkSpecs.parse(n)));
        Tree.set(task, "Networks", nets);
    }

    /** The ID of a network named by name, ID or prefix; the input itself when it cannot be looked up. */
    private String networkId(String ref) {
        try {
            JsonNode found = api().client()
                    .get("/networks/" + java.net.URLEncoder.encode(ref, java.nio.charset.StandardCharsets.UTF_8), null);
            return found == null ? ref : found.path("Id").asText(ref);
        } catch (dev.skep.api.errors.ApiException e) {
            return ref;
        }
    }

    private void editPorts(ObjectNode endpoint) {
        Map<String, PortConfig> set = new LinkedHashMap<>();
        JsonNode existing = Tree.get(endpoint, "Ports");
        if (existing != null) {
            for (JsonNode p : existing) {
                PortConfig port = Json.MAPPER.convertValue(p, PortConfig.class);
                set.putIfAbsent(PortSpecs.key(port), port);
            }
        }
        List<PortConfig> remove = new ArrayList<>();
        publishRm.forEach(r -> remove.addAll(PortSpecs.parse(r)));
        List<PortConfig> ports = new ArrayList<>();
        for (PortConfig p : set.values()) {
            boolean drop = remove.stream()
                    .anyMatch(r -> same(p.protocol(), r.protocol(), "tcp")
                            && ServiceLs.n(p.targetPort()) == ServiceLs.n(r.targetPort())
                            && same(p.publishMode(), r.publishMode(), "ingress"));
            if (!drop) ports.add(p);
        }
        for (String a : publishAdd) {
            for (PortConfig p : PortSpecs.parse(a)) {
                if (!set.containsKey(PortSpecs.key(p))) ports.add(p);
            }
        }
        ports.sort(Comparator.comparing(PortSpecs::key));
        Tree.set(endpoint, "Ports", Json.MAPPER.valueToTree(ports));
    }

    private static boolean same(String a, String b, String dflt) {
        String x = a == null || a.isEmpty() ? dflt : a;
        String y = b == null || b.isEmpty() ? dflt : b;
        return x.equals(y);
    }

    private static void dropEmpty(ObjectNode node, String name) {
        if (Tree.get(node, name) instanceof ObjectNode o && o.isEmpty()) Tree.set(node, name, null);
    }
}
