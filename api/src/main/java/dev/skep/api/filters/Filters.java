package dev.skep.api.filters;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.skep.api.errors.ApiException;
import dev.skep.api.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code filters} query parameter of list endpoints: a set of values per key. Values of one key are
 * alternatives (OR); different keys must all match (AND). Accepts both JSON forms the Engine API has
 * used: {@code {"name":{"web":true}}} and the legacy {@code {"name":["web"]}}. Immutable; the daemon parses
 * and matches it, the CLI builds it from {@code --filter key=value} flags and sends {@link #toJson()}.
 */
public final class Filters {
    private static final TypeReference<Map<String, Map<String, Boolean>>> CURRENT = new TypeReference<>() {};
    private static final TypeReference<Map<String, List<String>>> LEGACY = new TypeReference<>() {};

    private final Map<String, Set<String>> fields;

    private Filters(Map<String, Set<String>> fields) {
        this.fields = fields;
    }

    public static Filters empty() {
        return new Filters(new LinkedHashMap<>());
    }

    /** Parses the query parameter; null or blank means no filters. Malformed JSON is a 400. */
    public static Filters parse(String json) {
        if (json == null || json.isBlank()) return empty();
        try {
            Map<String, Map<String, Boolean>> current = Json.MAPPER.readValue(json, CURRENT);
            Map<String, Set<String>> fields = new LinkedHashMap<>();
            current.forEach((k, v) -> fields.put(k, new LinkedHashSet<>(v == null ? Set.of() : v.keySet())));
            return new Filters(fields);
        } catch (IOException notCurrent) {
            return parseLegacy(json);
        }
    }

    private static Filters parseLegacy(String json) {
        try {
            Map<String, List<String>> legacy = Json.MAPPER.readValue(json, LEGACY);
            Map<String, Set<String>> fields = new LinkedHashMap<>();
            legacy.forEach((k, v) -> fields.put(k, new LinkedHashSet<>(v == null ? List.of() : v)));
            return new Filters(fields);
        } catch (IOException e) {
            throw ApiException.invalid("invalid filter: the filters parameter must be a JSON object such as "
                    + "{\"name\":{\"web\":true}}");
        }
    }

    /**
     * Docker's {@code --filter key=value} flags ({@code filters.ParseFlag}): the key trimmed and lower-cased,
     * the value trimmed, an empty flag ignored; one without '=' is refused with docker's text.
     */
    public static Filters fromFlags(List<String> flags) {
        Filters f = empty();
        if (flags == null) return f;
        for (String flag : flags) {
            if (flag.isEmpty()) continue;
            int eq = flag.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("bad format of filter (expected name=value)");
            f = f.add(
                    flag.substring(0, eq).strip().toLowerCase(Locale.ROOT),
                    flag.substring(eq + 1).strip());
        }
        return f;
    }

    /** The body the Engine API reads: {@code {"key":{"value":true}}}. */
    public String toJson() {
        Map<String, Map<String, Boolean>> current = new LinkedHashMap<>();
        fields.forEach((k, values) -> {
            Map<String, Boolean> set = new LinkedHashMap<>();
            values.forEach(v -> set.put(v, true));
            current.put(k, set);
        });
        return Json.text(current);
    }

    /** Rejects keys the endpoint does not know, as dockerd does: 400 "invalid filter 'x'". */
    public Filters validate(Set<String> accepted) {
        for (String key : fields.keySet()) {
            if (!accepted.contains(key)) throw ApiException.invalid("invalid filter '" + key + "'");
        }
        return this;
    }

    public boolean contains(String key) {
        return fields.containsKey(key);
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    public Set<String> keys() {
        return Collections.unmodifiableSet(fields.keySet());
    }

    /** The values of a key, in the order given; empty if the key is absent. */
    public List<String> get(String key) {
        Set<String> values = fields.get(key);
        return values == null ? List.of() : new ArrayList<>(values);
    }

    /** A copy with the key's values replaced (used to put resolved IDs in place of names). */
    public Filters with(String key, Collection<String> values) {
        Map<String, Set<String>> copy = new LinkedHashMap<>(fields);
        copy.put(key, new LinkedHashSet<>(values));
        return new Filters(copy);
    }

    /** A copy with one more value for the key. */
    public Filters add(String key, String value) {
        Map<String, Set<String>> copy = new LinkedHashMap<>(fields);
        Set<String> values = new LinkedHashSet<>(copy.getOrDefault(key, Set.of()));
        values.add(value);
        copy.put(key, values);
        return new Filters(copy);
    }

    /** A copy without the key. */
    public Filters without(String key) {
        Map<String, Set<String>> copy = new LinkedHashMap<>(fields);
        copy.remove(key);
        return new Filters(copy);
    }

    /** True when the key is unset or the value starts with one of its values (ID and name filters). */
    public boolean matchesPrefix(String key, String value) {
        Set<String> values = fields.get(key);
        if (values == null || values.isEmpty()) return true;
        if (value == null) return false;
        for (String prefix : values) {
            if (value.startsWith(prefix)) return true;
        }
        return false;
    }

    /** True when the key is unset or the value equals one of its values. */
    public boolean matchesExact(String key, String value) {
        Set<String> values = fields.get(key);
        if (values == null || values.isEmpty()) return true;
        return value != null && values.contains(value);
    }

    /** Like {@link #matchesExact} but ignoring case (node roles, task states). */
    public boolean matchesExactIgnoreCase(String key, String value) {
        Set<String> values = fields.get(key);
        if (values == null || values.isEmpty()) return true;
        if (value == null) return false;
        for (String v : values) {
            if (v.equalsIgnoreCase(value)) return true;
        }
        return false;
    }

    /**
     * True when the key is unset or every value matches the labels: {@code k} means the label exists,
     * {@code k=v} means it has exactly that value.
     */
    public boolean matchesLabels(String key, Map<String, String> labels) {
        Set<String> values = fields.get(key);
        if (values == null || values.isEmpty()) return true;
        Map<String, String> have = labels == null ? Map.of() : labels;
        for (String expr : values) {
            int eq = expr.indexOf('=');
            String k = eq < 0 ? expr : expr.substring(0, eq);
            if (!have.containsKey(k)) return false;
            if (eq >= 0 && !expr.substring(eq + 1).equals(have.get(k))) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
