package dev.skep.cli.client;

import dev.skep.api.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Engine API's {@code filters} argument: {@code {"key":{"value":true}}}. Built from repeated
 * {@code --filter key=value} flags or by commands that filter on their own.
 */
public final class Filters {
    private final Map<String, Map<String, Boolean>> values = new LinkedHashMap<>();

    public static Filters of() {
        return new Filters();
    }

    /** Parses {@code key=value} flags; a flag without '=' is rejected as docker does. */
    public static Filters parse(List<String> flags) {
        Filters f = new Filters();
        if (flags == null) return f;
        for (String flag : flags) {
            int eq = flag.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("bad format of filter (expected name=value)");
            }
            f.add(flag.substring(0, eq).trim().toLowerCase(java.util.Locale.ROOT), flag.substring(eq + 1).trim());
        }
        return f;
    }

    public Filters add(String key, String value) {
        values.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(value, true);
        return this;
    }

    public boolean contains(String key) {
        return values.containsKey(key);
    }

    public List<String> get(String key) {
        return List.copyOf(values.getOrDefault(key, Map.of()).keySet());
    }

    public void remove(String key) {
        values.remove(key);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public String toJson() {
        return Json.text(values);
    }

    public Filters copy() {
        Filters f = new Filters();
        values.forEach((k, v) -> v.keySet().forEach(val -> f.add(k, val)));
        return f;
    }
}
