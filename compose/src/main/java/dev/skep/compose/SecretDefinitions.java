package dev.skep.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The top-level {@code secrets:} or {@code configs:} of a compose file, as docker's converter reads them. */
final class SecretDefinitions {
    private static final Set<String> KEYS =
            Set.of("file", "external", "name", "labels", "template_driver", "driver", "driver_opts", "environment");

    private final String kind;
    private final Map<String, StackSecret> byKey = new LinkedHashMap<>();

    SecretDefinitions(String kind, String stack, Path directory, YamlNode node) {
        this.kind = kind;
        if (node == null || node.isNull()) return;
        for (Map.Entry<String, YamlNode> e : node.entries().entrySet()) {
            byKey.put(e.getKey(), definition(stack, directory, e.getKey(), e.getValue()));
        }
    }

    private StackSecret definition(String stack, Path directory, String key, YamlNode n) {
        if (!n.isMapping()) throw n.error("must be a mapping");
        Map<String, YamlNode> f = n.fields(KEYS);
        if (f.containsKey("environment")) throw f.get("environment").error("is not supported by docker stack deploy");
        String name = f.containsKey("name") ? f.get("name").string() : null;
        boolean external = external(f.get("external"));
        String template =
                f.containsKey("template_driver") ? f.get("template_driver").string() : null;
        String driver = f.containsKey("driver") ? f.get("driver").string() : null;
        if (external)
            return new StackSecret(
                    key, name != null ? name : externalName(f.get("external"), key), true, null, Map.of(), null, null);
        if (!f.containsKey("file")) throw n.error("needs file: (or external: true)");
        Path file = directory.resolve(f.get("file").string());
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            throw f.get("file").error("cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> labels =
                new TreeMap<>(f.containsKey("labels") ? f.get("labels").labels() : Map.of());
        labels.put(Stack.NAMESPACE_LABEL, stack);
        return new StackSecret(
                key, name != null ? name : Stack.scope(stack, key), false, data, labels, template, driver);
    }

    private static boolean external(YamlNode n) {
        if (n == null || n.isNull()) return false;
        return n.isMapping() || n.bool();
    }

    /** The old form {@code external: {name: x}}. */
    private static String externalName(YamlNode n, String key) {
        if (n != null && n.isMapping() && n.entries().containsKey("name"))
            return n.entries().get("name").string();
        return key;
    }

    StackSecret get(YamlNode where, String key) {
        StackSecret s = byKey.get(key);
        if (s == null) throw where.error("undefined " + kind + " \"" + key + "\"");
        return s;
    }

    /** All of them, in the file's order (docker creates every one the file defines). */
    List<StackSecret> all() {
        return List.copyOf(byKey.values());
    }
}
