package dev.skep.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skep.api.json.Json;
import dev.skep.api.model.NetworkAttachmentConfig;
import dev.skep.api.model.ServiceSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Whether a converted spec differs from the stored one. The server stores network attachments by ID, so
 * both sides' targets are mapped to IDs first; absent, null and empty values count as the same.
 */
final class SpecComparison {
    private SpecComparison() {}

    static boolean same(ServiceSpec wanted, ServiceSpec stored, Map<String, String> networkIds) {
        return normalized(wanted, networkIds).equals(normalized(stored, networkIds));
    }

    private static JsonNode normalized(ServiceSpec spec, Map<String, String> networkIds) {
        ServiceSpec s = spec;
        if (s.taskTemplate() != null && s.taskTemplate().networks() != null) {
            List<NetworkAttachmentConfig> nets = new ArrayList<>();
            for (NetworkAttachmentConfig n : s.taskTemplate().networks()) {
                nets.add(new NetworkAttachmentConfig(
                        networkIds.getOrDefault(n.target(), n.target()), n.aliases(), n.driverOpts()));
            }
            var t = s.taskTemplate();
            s = s.withTaskTemplate(new dev.skep.api.model.TaskSpec(
                    t.pluginSpec(),
                    t.containerSpec(),
                    t.networkAttachmentSpec(),
                    t.resources(),
                    t.restartPolicy(),
                    t.placement(),
                    t.forceUpdate(),
                    t.runtime(),
                    nets,
                    t.logDriver()));
        }
        JsonNode tree = Json.MAPPER.valueToTree(s);
        prune(tree);
        return tree;
    }

    /** Drops nulls, empty strings, zero numbers, false, and containers left empty. */
    private static boolean prune(JsonNode node) {
        if (node instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                if (prune(it.next().getValue())) it.remove();
            }
            return o.isEmpty();
        }
        if (node instanceof ArrayNode a) {
            a.forEach(SpecComparison::prune);
            return a.isEmpty();
        }
        return node == null
                || node.isNull()
                || (node.isTextual() && node.asText().isEmpty())
                || (node.isNumber() && node.asDouble() == 0)
                || (node.isBoolean() && !node.asBoolean());
    }
}
