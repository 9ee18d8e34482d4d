package dev.skep.compose;

import dev.skep.api.model.ContainerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A service's {@code secrets:} and {@code configs:} (short syntax: the key; long: source, target, uid, gid, mode)
 * as docker's converter makes them: target defaults to the key, UID and GID to "0", mode to 0444. The references
 * carry the object's name; the deploying client fills in the ID.
 */
final class SecretReferences {
    private static final Set<String> KEYS = Set.of("source", "target", "uid", "gid", "mode");
    private static final int DEFAULT_MODE = 0444;

    private SecretReferences() {}

    static List<ContainerSpec.SecretReference> secrets(YamlNode node, SecretDefinitions defs) {
        List<ContainerSpec.SecretReference> out = new ArrayList<>();
        for (Ref r : refs(node, defs)) out.add(new ContainerSpec.SecretReference(r.file, null, r.name));
        return out.isEmpty() ? null : out;
    }

    static List<ContainerSpec.ConfigReference> configs(YamlNode node, SecretDefinitions defs) {
        List<ContainerSpec.ConfigReference> out = new ArrayList<>();
        for (Ref r : refs(node, defs)) out.add(new ContainerSpec.ConfigReference(r.file, null, null, r.name));
        return out.isEmpty() ? null : out;
    }

    private record Ref(ContainerSpec.FileTarget file, String name) {}

    private static List<Ref> refs(YamlNode node, SecretDefinitions defs) {
        if (node == null || node.isNull()) return List.of();
        if (!node.isSequence()) throw node.error("must be a list");
        List<Ref> out = new ArrayList<>();
        for (YamlNode item : node.items()) {
            if (item.isScalar()) {
                String key = item.string();
                out.add(new Ref(
                        new ContainerSpec.FileTarget(key, "0", "0", DEFAULT_MODE),
                        defs.get(item, key).name()));
                continue;
            }
            Map<String, YamlNode> f = item.fields(KEYS);
            if (!f.containsKey("source")) throw item.error("source is required");
            String key = f.get("source").string();
            String target = f.containsKey("target") ? f.get("target").string() : key;
            String uid = f.containsKey("uid") ? f.get("uid").string() : "0";
            String gid = f.containsKey("gid") ? f.get("gid").string() : "0";
            int mode = f.containsKey("mode") ? mode(f.get("mode")) : DEFAULT_MODE;
            out.add(new Ref(
                    new ContainerSpec.FileTarget(target, uid, gid, mode),
                    defs.get(item, key).name()));
        }
        return out;
    }

    /** docker's YAML reads 0440 as octal (YAML 1.1); 0o440 is octal too; anything else is decimal. */
    private static int mode(YamlNode n) {
        String text = n.string().strip();
        try {
            if (text.startsWith("0o") || text.startsWith("0O")) return Integer.parseInt(text.substring(2), 8);
            if (text.length() > 1 && text.startsWith("0")) return Integer.parseInt(text.substring(1), 8);
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw n.error("must be a file mode such as 0440, not \"" + text + "\"");
        }
    }
}
