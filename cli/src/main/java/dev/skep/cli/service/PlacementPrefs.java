package dev.skep.cli.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.skep.cli.CliException;
import java.util.List;

/** {@code --placement-pref spread=node.labels.dc}: only spread exists, as in SwarmKit. */
final class PlacementPrefs {
    private PlacementPrefs() {}

    static String descriptor(String value) {
        int eq = value.indexOf('=');
        if (eq < 0) throw new CliException("placement preference must be of the format \"<strategy>=<arg>\"");
        if (!value.substring(0, eq).equals("spread")) {
            throw new CliException(
                    "unsupported placement preference " + value.substring(0, eq) + " (only spread is supported)");
        }
        return value.substring(eq + 1);
    }

    static ArrayNode toTree(List<String> values) {
        ArrayNode a = Tree.F.arrayNode();
        for (String v : values) {
            a.addObject().putObject("Spread").put("SpreadDescriptor", descriptor(v));
        }
        return a;
    }
}
