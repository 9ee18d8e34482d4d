package dev.skep.daemon.http;

import dev.skep.api.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a route answers: a complete body, or a stream written chunk by chunk (logs). */
public sealed interface ApiResponse {

    record Full(int status, String contentType, byte[] body, Map<String, String> headers) implements ApiResponse {}

    record Stream(int status, String contentType, StreamBody body) implements ApiResponse {}

    /** Writes a streamed body; runs on the request's own thread and may block. */
    interface StreamBody {
        void writeTo(StreamWriter out) throws Exception;
    }

    static ApiResponse json(int status, Object value) {
        return new Full(status, "application/json", Json.write(value), Map.of());
    }

    static ApiResponse json(Object value) {
        return json(200, value);
    }

    static ApiResponse text(int status, String text) {
        return new Full(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static ApiResponse empty(int status) {
        return new Full(status, null, new byte[0], Map.of());
    }

    static ApiResponse error(int status, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("message", message);
        return json(status, body);
    }
}
