package dev.skep.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Edits a spec as a JSON tree by Engine API field names. Keys match case-insensitively, as Go's decoder
 * does, so a spec read back from the daemon ("HealthCheck") is edited in place rather than duplicated;
 * fields the CLI does not know survive an update untouched.
 */
final class Tree {
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Tree() {}

    static String key(ObjectNode node, String name) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.equalsIgnoreCase(name)) return k;
        }
        return name;
    }

    static JsonNode get(ObjectNode node, String name) {
        JsonNode v = node.get(key(node, name));
        return v == null || v.isNull() ? null : v;
    }

    /** The child object, created when absent or null. */
    static ObjectNode obj(ObjectNode node, String name) {
        JsonNode v = get(node, name);
        if (v instanceof ObjectNode o) return o;
        ObjectNode o = F.objectNode();
        node.set(key(node, name), o);
        return o;
    }

    static void set(ObjectNode node, String name, JsonNode value) {
        String k = key(node, name);
        if (value == null || value.isNull()) {
            node.remove(k);
        } else {
            node.set(k, value);
        }
    }

    static void put(ObjectNode node, String name, String value) {
        set(node, name, value == null ? null : F.textNode(value));
    }

    static void put(ObjectNode node, String name, long value) {
        set(node, name, F.numberNode(value));
    }

    static void put(ObjectNode node, String name, boolean value) {
        set(node, name, F.booleanNode(value));
    }

    static ArrayNode strings(List<String> values) {
        ArrayNode a = F.arrayNode();
        values.forEach(a::add);
        return a;
    }

    static ObjectNode map(Map<String, String> values) {
        ObjectNode o = F.objectNode();
        values.forEach(o::put);
        return o;
    }

    static List<String> stringList(ObjectNode node, String name) {
        JsonNode v = get(node, name);
        List<String> out = new java.util.ArrayList<>();
        if (v != null && v.isArray()) v.forEach(e -> out.add(e.asText()));
        return out;
    }

    static Map<String, String> stringMap(ObjectNode node, String name) {
        JsonNode v = get(node, name);
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (v != null && v.isObject())
            v.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
