package dev.skep.compose;

import dev.skep.api.time.GoDuration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A node of a compose file with its dotted path ({@code services.worker.deploy}) and line, read with typed
 * accessors: a value of the wrong type, an unknown key or a bad interpolation is a {@link ComposeException}
 * saying {@code file:line: path: problem}. Scalars are interpolated when read; keys never are.
 */
final class YamlNode {
    private final ComposeSource source;
    private final Node node;
    private final String path;
    /** Where the key of a mapping entry is: a problem with a nested mapping is reported at its key. */
    private final Node keyNode;

    YamlNode(ComposeSource source, Node node, String path) {
        this(source, node, path, null);
    }

    private YamlNode(ComposeSource source, Node node, String path, Node keyNode) {
        this.source = source;
        this.node = node;
        this.path = path;
        this.keyNode = keyNode;
    }

    String path() {
        return path;
    }

    /** The last element of the path: a service's or network's name under its section. */
    String key() {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    int line() {
        Node at = keyNode != null ? keyNode : node;
        return at.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    ComposeException error(String problem) {
        return new ComposeException(source.name() + ":" + line() + ": " + path + ": " + problem);
    }

    boolean isNull() {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    boolean isMapping() {
        return node instanceof MappingNode;
    }

    boolean isSequence() {
        return node instanceof SequenceNode;
    }

    boolean isScalar() {
        return node instanceof ScalarNode && !isNull();
    }

    /** The entries of a mapping, in file order; {@code <<} merge keys are expanded, own keys winning. */
    Map<String, YamlNode> entries() {
        if (!(node instanceof MappingNode mapping)) throw error("must be a mapping");
        Map<String, YamlNode> own = new LinkedHashMap<>();
        Map<String, YamlNode> merged = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw new YamlNode(source, t.getKeyNode(), path).error("keys must be strings");
            }
            String name = k.getValue();
            if ("<<".equals(name)) {
                mergeInto(merged, new YamlNode(source, t.getValueNode(), path));
                continue;
            }
            YamlNode value = new YamlNode(source, t.getValueNode(), child(name), t.getKeyNode());
            if (own.put(name, value) != null) {
                throw new YamlNode(source, t.getKeyNode(), child(name)).error("duplicate key");
            }
        }
        merged.putAll(own);
        return merged;
    }

    private void mergeInto(Map<String, YamlNode> merged, YamlNode value) {
        List<YamlNode> sources = value.isSequence() ? value.items() : List.of(value);
        for (YamlNode s : sources) {
            for (Map.Entry<String, YamlNode> e : s.entries().entrySet()) {
                merged.putIfAbsent(
                        e.getKey(), new YamlNode(source, e.getValue().node, child(e.getKey()), e.getValue().keyNode));
            }
        }
    }

    /** The entries of a mapping whose keys must be among {@code allowed} (or extension keys {@code x-…}). */
    Map<String, YamlNode> fields(Set<String> allowed) {
        Map<String, YamlNode> entries = entries();
        Map<String, YamlNode> result = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> e : entries.entrySet()) {
            if (e.getKey().startsWith("x-")) continue;
            if (!allowed.contains(e.getKey())) throw e.getValue().keyError();
            result.put(e.getKey(), e.getValue());
        }
        return result;
    }

    private ComposeException keyError() {
        return error("unknown key");
    }

    List<YamlNode> items() {
        if (!(node instanceof SequenceNode seq)) throw error("must be a list");
        List<YamlNode> items = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            items.add(new YamlNode(source, seq.getValue().get(i), path + "[" + i + "]"));
        }
        return items;
    }

    /** A scalar as text, interpolated. Numbers and booleans are accepted as their text. */
    String string() {
        if (!(node instanceof ScalarNode s) || isNull()) throw error("must be a string");
        try {
            return source.interpolation().apply(s.getValue());
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    long integer() {
        String text = string().strip();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw error("must be an integer, not \"" + text + "\"");
        }
    }

    long unsigned() {
        long value = integer();
        if (value < 0) throw error("must not be negative");
        return value;
    }

    double number() {
        String text = string().strip();
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw error("must be a number, not \"" + text + "\"");
        }
    }

    boolean bool() {
        String text = string().strip().toLowerCase(java.util.Locale.ROOT);
        return switch (text) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error("must be a boolean, not \"" + text + "\"");
        };
    }

    String oneOf(String... values) {
        String text = string();
        for (String v : values) {
            if (v.equals(text)) return text;
        }
        throw error("must be one of " + String.join(", ", values) + ", not \"" + text + "\"");
    }

    long duration() {
        String text = string();
        try {
            return GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /** A string or a list of strings (as {@code dns}, {@code env_file} and {@code cap_add} allow). */
    List<String> stringOrList() {
        if (isSequence()) return stringList();
        return List.of(string());
    }

    List<String> stringList() {
        List<String> values = new ArrayList<>();
        for (YamlNode item : items()) values.add(item.string());
        return values;
    }

    /**
     * A mapping or a list of {@code KEY=VALUE} strings (environment, labels, sysctls). A list entry without
     * '=' or a mapping entry with an empty value maps to null.
     */
    Map<String, String> keyValues() {
        Map<String, String> values = new TreeMap<>();
        if (isSequence()) {
            for (YamlNode item : items()) {
                String text = item.string();
                int eq = text.indexOf('=');
                values.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? null : text.substring(eq + 1));
            }
            return values;
        }
        if (!isMapping()) throw error("must be a mapping or a list of KEY=VALUE strings");
        for (Map.Entry<String, YamlNode> e : entries().entrySet()) {
            YamlNode v = e.getValue();
            if (v.isMapping() || v.isSequence()) throw v.error("must be a string, a number or a boolean");
            values.put(e.getKey(), v.isNull() ? null : v.string());
        }
        return values;
    }

    /** Like {@link #keyValues()} but every entry needs a value (a missing one is the empty string). */
    Map<String, String> labels() {
        Map<String, String> values = new TreeMap<>();
        keyValues().forEach((k, v) -> values.put(k, v == null ? "" : v));
        return values;
    }

    private String child(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
