package dev.skep.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skep.api.errors.ApiException;
import dev.skep.api.filters.Filters;
import dev.skep.api.model.ContainerSpec;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.TaskSpec;
import dev.skep.cli.CliException;
import dev.skep.cli.client.Query;
import dev.skep.cli.client.SwarmApi;
import dev.skep.compose.StackSecret;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stack's secrets or configs as {@code docker stack deploy} handles them: the stack's own are created, or updated
 * (labels only: the server refuses other data, as Swarm does), external ones must exist; the services' references
 * then get the objects' IDs.
 */
final class StackSecrets {
    private final SwarmApi api;
    private final String kind;

    StackSecrets(SwarmApi api, String kind) {
        this.api = api;
        this.kind = kind;
    }

    private String path() {
        return "/" + kind + "s";
    }

    /** Creates or updates the stack's objects; returns name → ID for every object the stack uses. */
    Map<String, String> deploy(List<StackSecret> defs, PrintStream out) {
        Map<String, String> ids = new HashMap<>();
        for (StackSecret s : defs) {
            JsonNode existing = find(s.name());
            if (s.external()) {
                if (existing == null) {
                    throw new CliException(kind + " not found: " + s.name());
                }
                ids.put(s.name(), existing.path("ID").asText());
                continue;
            }
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("Name", s.name());
            spec.put("Labels", s.labels());
            spec.put("Data", s.data());
            if (s.templateDriver() != null) spec.put("Templating", Map.of("Name", s.templateDriver()));
            if (s.driver() != null) spec.put("Driver", Map.of("Name", s.driver()));
            if (existing == null) {
                out.println("Creating " + kind + " " + s.name());
                ids.put(
                        s.name(),
                        api.client()
                                .post(path() + "/create", null, spec)
                                .path("ID")
                                .asText());
            } else {
                String id = existing.path("ID").asText();
                out.println("Updating " + kind + " " + s.name());
                long version = existing.path("Version").path("Index").asLong();
                api.client().post(path() + "/" + id + "/update", Query.of("version", version), spec);
                ids.put(s.name(), id);
            }
        }
        return ids;
    }

    private JsonNode find(String name) {
        JsonNode list =
                api.client().get(path(), Query.of().filters(Filters.empty().add("names", name)));
        for (JsonNode n : list) {
            if (name.equals(n.path("Spec").path("Name").asText())) return n;
        }
        return null;
    }

    /** The stack's own objects, by the namespace label. */
    List<JsonNode> owned(String stack) {
        List<JsonNode> out = new ArrayList<>();
        api.client().get(path(), Query.of().filters(StackObjects.filter(stack))).forEach(out::add);
        return out;
    }

    /** Removes one; false (with the reason in {@code errors}) when the server refuses. */
    void remove(JsonNode o, PrintStream out, List<String> errors) {
        out.println("Removing " + kind + " " + o.path("Spec").path("Name").asText());
        try {
            api.client().delete(path() + "/" + o.path("ID").asText(), null);
        } catch (ApiException e) {
            errors.add("Failed to remove " + kind + " " + o.path("ID").asText() + ": " + e.getMessage());
        }
    }

    /** The spec with the IDs of the secrets and configs its references name. */
    static ServiceSpec withIds(ServiceSpec spec, Map<String, String> secretIds, Map<String, String> configIds) {
        TaskSpec t = spec.taskTemplate();
        ContainerSpec c = t == null ? null : t.containerSpec();
        if (c == null || (c.secrets() == null && c.configs() == null)) return spec;
        List<ContainerSpec.SecretReference> secrets = c.secrets() == null
                ? null
                : c.secrets().stream()
                        .map(r -> new ContainerSpec.SecretReference(
                                r.file(), secretIds.get(r.secretName()), r.secretName()))
                        .toList();
        List<ContainerSpec.ConfigReference> configs = c.configs() == null
                ? null
                : c.configs().stream()
                        .map(r -> new ContainerSpec.ConfigReference(
                                r.file(), r.runtime(), configIds.get(r.configName()), r.configName()))
                        .toList();
        ContainerSpec withIds = new ContainerSpec(
                c.image(),
                c.labels(),
                c.command(),
                c.args(),
                c.hostname(),
                c.env(),
                c.dir(),
                c.user(),
                c.groups(),
                c.privileges(),
                c.tty(),
                c.openStdin(),
                c.readOnly(),
                c.mounts(),
                c.stopSignal(),
                c.stopGracePeriod(),
                c.healthCheck(),
                c.hosts(),
                c.dnsConfig(),
                secrets,
                configs,
                c.isolation(),
                c.init(),
                c.sysctls(),
                c.capabilityAdd(),
                c.capabilityDrop(),
                c.ulimits(),
                c.oomScoreAdj());
        return spec.withTaskTemplate(new TaskSpec(
                t.pluginSpec(),
                withIds,
                t.networkAttachmentSpec(),
                t.resources(),
                t.restartPolicy(),
                t.placement(),
                t.forceUpdate(),
                t.runtime(),
                t.networks(),
                t.logDriver()));
    }
}
