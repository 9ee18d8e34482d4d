package dev.skep.cli.client;

import dev.skep.api.filters.Filters;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The query string of one request, in insertion order; values are URL-encoded when rendered. */
public final class Query {
    private final Map<String, String> params = new LinkedHashMap<>();

    public static Query of() {
        return new Query();
    }

    public static Query of(String key, Object value) {
        return new Query().with(key, value);
    }

    public Query with(String key, Object value) {
        if (value != null) {
            params.put(key, String.valueOf(value));
        }
        return this;
    }

    /** Adds {@code filters=<json>} unless the filters are empty, as the docker client does. */
    public Query filters(Filters filters) {
        if (filters != null && !filters.isEmpty()) {
            params.put("filters", filters.toJson());
        }
        return this;
    }

    public String render() {
        if (params.isEmpty()) return "";
        return "?"
                + params.entrySet().stream()
                        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                        .collect(Collectors.joining("&"));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return render();
    }
}
