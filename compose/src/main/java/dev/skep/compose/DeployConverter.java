package dev.skep.compose;

import dev.skep.api.model.Placement;
import dev.skep.api.model.ResourceRequirements;
import dev.skep.api.model.Resources;
import dev.skep.api.model.RestartPolicy;
import dev.skep.api.model.ServiceMode;
import dev.skep.api.model.UpdateConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A service's {@code deploy:} section: mode and replicas, resources, placement, restart and update policies. */
final class DeployConverter {
    private static final Set<String> KEYS = Set.of(
            "mode",
            "replicas",
            "labels",
            "update_config",
            "rollback_config",
            "resources",
            "restart_policy",
            "placement",
            "endpoint_mode");
    private static final Set<String> UPDATE_KEYS =
            Set.of("parallelism", "delay", "failure_action", "monitor", "max_failure_ratio", "order");
    private static final Set<String> RESTART_KEYS = Set.of("condition", "delay", "max_attempts", "window");
    private static final Set<String> PLACEMENT_KEYS = Set.of("constraints", "preferences", "max_replicas_per_node");
    private static final Set<String> RESOURCES_KEYS = Set.of("limits", "reservations");
    private static final Set<String> LIMIT_KEYS = Set.of("cpus", "memory", "pids");
    private static final Set<String> RESERVATION_KEYS = Set.of("cpus", "memory", "generic_resources");

    private final Map<String, YamlNode> f;

    DeployConverter(YamlNode deploy) {
        this.f = deploy == null || deploy.isNull() ? Map.of() : deploy.fields(KEYS);
    }

    Map<String, String> labels() {
        return f.containsKey("labels") ? f.get("labels").labels() : Map.of();
    }

    String endpointMode() {
        return f.containsKey("endpoint_mode") ? f.get("endpoint_mode").oneOf("vip", "dnsrr") : null;
    }

    /** Replicas default to unset (the server makes it 1), as docker's converter leaves it. */
    ServiceMode mode() {
        String mode = f.containsKey("mode")
                ? f.get("mode").oneOf("replicated", "global", "replicated-job", "global-job")
                : "replicated";
        Long replicas = f.containsKey("replicas") ? f.get("replicas").unsigned() : null;
        if (replicas != null && mode.startsWith("global")) {
            throw f.get("replicas").error("replicas can only be used with replicated or replicated-job mode");
        }
        return switch (mode) {
            case "global" -> ServiceMode.ofGlobal();
            case "global-job" -> new ServiceMode(null, null, null, new ServiceMode.Global());
            case "replicated-job" ->
                new ServiceMode(null, null, new ServiceMode.ReplicatedJob(replicas, replicas), null);
            default -> new ServiceMode(new ServiceMode.Replicated(replicas), null, null, null);
        };
    }

    UpdateConfig updateConfig() {
        return update(f.get("update_config"));
    }

    UpdateConfig rollbackConfig() {
        return update(f.get("rollback_config"));
    }

    private static UpdateConfig update(YamlNode node) {
        if (node == null || node.isNull()) return null;
        Map<String, YamlNode> u = node.fields(UPDATE_KEYS);
        return new UpdateConfig(
                u.containsKey("parallelism") ? u.get("parallelism").unsigned() : 1L,
                u.containsKey("delay") ? u.get("delay").duration() : 0L,
                u.containsKey("failure_action") ? u.get("failure_action").oneOf("continue", "pause", "rollback") : "",
                u.containsKey("monitor") ? u.get("monitor").duration() : 0L,
                u.containsKey("max_failure_ratio") ? u.get("max_failure_ratio").number() : 0.0,
                u.containsKey("order") ? u.get("order").oneOf("stop-first", "start-first") : "");
    }

    /** {@code deploy.restart_policy}, else the service's {@code restart:}, else none (the server's default). */
    RestartPolicy restartPolicy(YamlNode restart) {
        YamlNode node = f.get("restart_policy");
        if (node != null && !node.isNull()) {
            Map<String, YamlNode> r = node.fields(RESTART_KEYS);
            return new RestartPolicy(
                    r.containsKey("condition") ? r.get("condition").oneOf("none", "on-failure", "any") : "",
                    r.containsKey("delay") ? r.get("delay").duration() : null,
                    r.containsKey("max_attempts") ? r.get("max_attempts").unsigned() : null,
                    r.containsKey("window") ? r.get("window").duration() : null);
        }
        if (restart == null || restart.isNull()) return null;
        String text = restart.string();
        String name = text.contains(":") ? text.substring(0, text.indexOf(':')) : text;
        Long attempts = null;
        if (text.contains(":")) {
            try {
                long n = Long.parseLong(text.substring(text.indexOf(':') + 1));
                attempts = n > 0 ? n : null;
            } catch (NumberFormatException e) {
                throw restart.error("invalid restart policy \"" + text + "\"");
            }
        }
        return switch (name) {
            case "no", "" -> null;
            case "always", "unless-stopped" -> new RestartPolicy(RestartPolicy.ANY, null, attempts, null);
            case "on-failure" -> new RestartPolicy(RestartPolicy.ON_FAILURE, null, attempts, null);
            default ->
                throw restart.error("invalid restart policy: unknown policy '" + name
                        + "' (must be one of 'no', 'always', 'on-failure', or 'unless-stopped')");
        };
    }

    Placement placement() {
        YamlNode node = f.get("placement");
        if (node == null || node.isNull()) return new Placement(null, null, null, null);
        Map<String, YamlNode> p = node.fields(PLACEMENT_KEYS);
        List<String> constraints =
                p.containsKey("constraints") ? p.get("constraints").stringList() : null;
        List<Placement.Preference> preferences = null;
        if (p.containsKey("preferences")) {
            preferences = new ArrayList<>();
            for (YamlNode pref : p.get("preferences").items()) {
                YamlNode spread = pref.fields(Set.of("spread")).get("spread");
                if (spread == null) throw pref.error("spread is required");
                preferences.add(new Placement.Preference(new Placement.Spread(spread.string())));
            }
        }
        Long max = p.containsKey("max_replicas_per_node")
                ? p.get("max_replicas_per_node").unsigned()
                : null;
        return new Placement(constraints, preferences, max, null);
    }

    ResourceRequirements resources() {
        YamlNode node = f.get("resources");
        if (node == null || node.isNull()) return new ResourceRequirements(null, null);
        Map<String, YamlNode> r = node.fields(RESOURCES_KEYS);
        return new ResourceRequirements(
                resource(r.get("limits"), LIMIT_KEYS), resource(r.get("reservations"), RESERVATION_KEYS));
    }

    private static Resources resource(YamlNode node, Set<String> keys) {
        if (node == null || node.isNull()) return null;
        Map<String, YamlNode> r = node.fields(keys);
        long cpus = r.containsKey("cpus") ? Sizes.nanoCpus(r.get("cpus")) : 0;
        long memory = r.containsKey("memory") ? Sizes.bytes(r.get("memory")) : 0;
        Long pids = r.containsKey("pids") ? r.get("pids").integer() : null;
        List<Resources.GenericResource> generic = null;
        if (r.containsKey("generic_resources")) {
            generic = new ArrayList<>();
            for (YamlNode g : r.get("generic_resources").items()) {
                YamlNode spec = g.fields(Set.of("discrete_resource_spec")).get("discrete_resource_spec");
                if (spec == null) throw g.error("discrete_resource_spec is required");
                Map<String, YamlNode> d = spec.fields(Set.of("kind", "value"));
                if (!d.containsKey("kind") || !d.containsKey("value")) throw spec.error("kind and value are required");
                generic.add(new Resources.GenericResource(
                        null,
                        new Resources.GenericResource.DiscreteSpec(
                                d.get("kind").string(), d.get("value").integer())));
            }
        }
        return new Resources(cpus, memory, pids, generic);
    }
}
