package dev.skep.cli.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.skep.api.json.Json;
import dev.skep.api.model.ContainerSpec;
import dev.skep.cli.CliException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code --ulimit nofile=1024:2048}: name=soft[:hard], sorted by name as docker sends them. */
final class Ulimits {
    private Ulimits() {}

    static Map<String, ContainerSpec.Ulimit> parse(List<String> values) {
        Map<String, ContainerSpec.Ulimit> out = new TreeMap<>();
        for (String v : values) {
            ContainerSpec.Ulimit u = parse(v);
            out.put(u.name(), u);
        }
        return out;
    }

    static ContainerSpec.Ulimit parse(String v) {
        int eq = v.indexOf('=');
        if (eq <= 0) throw new CliException("invalid ulimit argument: " + v);
        String name = v.substring(0, eq);
        String[] limits = v.substring(eq + 1).split(":");
        try {
            long soft = Long.parseLong(limits[0]);
            long hard = limits.length > 1 ? Long.parseLong(limits[1]) : soft;
            if (limits.length > 2) throw new NumberFormatException();
            if (soft > hard) {
                throw new CliException(
                        "ulimit soft limit must be less than or equal to hard limit: " + soft + " > " + hard);
            }
            return new ContainerSpec.Ulimit(name, soft, hard);
        } catch (NumberFormatException e) {
            throw new CliException("invalid ulimit argument: " + v);
        }
    }

    static ArrayNode toTree(Map<String, ContainerSpec.Ulimit> ulimits) {
        ArrayNode a = Tree.F.arrayNode();
        ulimits.values().forEach(u -> a.add(Json.MAPPER.valueToTree(u)));
        return a;
    }
}
