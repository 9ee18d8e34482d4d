package dev.skep.cli.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** {@code --network NAME} or {@code --network name=NAME,alias=A}: TaskTemplate.Networks entries. */
final class NetworkSpecs {
    private NetworkSpecs() {}

    static ObjectNode parse(String value) {
        ObjectNode net = Tree.F.objectNode();
        if (!value.contains("=")) {
            net.put("Target", value);
            return net;
        }
        ArrayNode aliases = Tree.F.arrayNode();
        for (String field : MountSpecs.splitCsv(value)) {
            int eq = field.indexOf('=');
            String key = eq < 0 ? field : field.substring(0, eq);
            String val = eq < 0 ? "" : field.substring(eq + 1);
            switch (key) {
                case "name" -> net.put("Target", val);
                case "alias" -> aliases.add(val);
                case "driver-opt" -> {
                    int e = val.indexOf('=');
                    net.with("DriverOpts").put(e < 0 ? val : val.substring(0, e), e < 0 ? "" : val.substring(e + 1));
                }
                default -> throw new dev.skep.cli.CliException("invalid field key " + key);
            }
        }
        if (!aliases.isEmpty()) net.set("Aliases", aliases);
        return net;
    }

    static ArrayNode toTree(List<String> values) {
        ArrayNode a = Tree.F.arrayNode();
        values.forEach(v -> a.add(parse(v)));
        return a;
    }
}
