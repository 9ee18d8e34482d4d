package dev.skep.daemon.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.skep.api.errors.ApiException;
import dev.skep.api.filters.Filters;
import dev.skep.api.json.Json;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One API call: method, path parameters, query string, body and its Content-Type header (null if absent), with
 * Docker's parsing rules.
 */
public record ApiRequest(
        String method,
        String path,
        Map<String, String> pathParams,
        Map<String, List<String>> query,
        byte[] body,
        String contentType) {

    public String param(String name) {
        return pathParams.get(name);
    }

    public String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Docker's boolean query values: absent, "", "0", "no", "false" and "none" are false; anything else true. */
    public boolean flag(String name) {
        String v = query(name);
        if (v == null) return false;
        String s = v.trim().toLowerCase();
        return !(s.isEmpty() || s.equals("0") || s.equals("no") || s.equals("false") || s.equals("none"));
    }

    /** The {@code version} query parameter of an update, required. */
    public long version(String kind) {
        String raw = query("version");
        try {
            long v = Long.parseLong(raw == null ? "" : raw.trim());
            if (v < 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.invalid("invalid " + kind + " version '" + (raw == null ? "" : raw)
                    + "': the version query parameter must be the object's Version.Index");
        }
    }

    public Filters filters() {
        return Filters.parse(query("filters"));
    }

    /**
     * The JSON body as the given type; malformed JSON or wrong field types are a 400 that says where. The body
     * must be declared {@code application/json} (moby's CheckForJSON), so that a web page cannot post one with a
     * form's or text/plain's Content-Type, which browsers send cross-site without asking.
     */
    public <T> T body(Class<T> type, String what) {
        checkForJson();
        if (body == null || body.length == 0 || new String(body).isBlank()) {
            throw ApiException.invalid("request body is empty: expected " + what + " as JSON");
        }
        try {
            return Json.MAPPER.readValue(body, type);
        } catch (MismatchedInputException e) {
            throw ApiException.invalid("invalid JSON for " + what + ": " + describe(e));
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("invalid JSON for " + what + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.invalid("cannot read the request body: " + e.getMessage());
        }
    }

    /** moby's CheckForJSON: no Content-Type is fine without a body, otherwise it must be application/json. */
    void checkForJson() {
        String ct = contentType == null ? "" : contentType;
        if (ct.isEmpty() && (body == null || body.length == 0)) return;
        String mediaType = ct.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (mediaType.isEmpty()) {
            throw ApiException.invalid("malformed Content-Type header (" + ct + "): mime: no media type");
        }
        if (!mediaType.equals("application/json")) {
            throw ApiException.invalid("unsupported Content-Type header (" + ct + "): must be 'application/json'");
        }
    }

    private static String describe(JsonMappingException e) {
        String field = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        String expected = e instanceof MismatchedInputException m && m.getTargetType() != null
                ? goType(m.getTargetType())
                : "another type";
        String got = e instanceof InvalidFormatException f ? " (got " + f.getValue() + ")" : "";
        String where = field.isEmpty() ? "the body" : "field " + field;
        return "cannot read " + where + ": expected " + expected + got;
    }

    private static String goType(Class<?> t) {
        if (t == Long.class || t == long.class || t == Integer.class || t == int.class) return "a number";
        if (t == Double.class || t == double.class) return "a number";
        if (t == Boolean.class || t == boolean.class) return "true or false";
        if (t == String.class) return "a string";
        if (List.class.isAssignableFrom(t)) return "an array";
        if (Map.class.isAssignableFrom(t)) return "an object";
        return "an object (" + t.getSimpleName() + ")";
    }
}
