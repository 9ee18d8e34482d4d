package dev.skep.cli.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.skep.api.errors.ApiException;
import dev.skep.api.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A thin HTTP client for skepd's client API (the Engine API). Every path is sent under {@code /v1.45},
 * as the docker CLI does after version negotiation; errors become {@link ApiException} with the
 * daemon's message, and a failed connection becomes {@link DaemonUnreachableException}.
 */
public class EngineClient implements AutoCloseable {
    public static final String API_VERSION = "1.45";

    private final String host;
    private DockerHttpClient http;

    public EngineClient(String host) {
        this.host = host;
    }

    public String host() {
        return host;
    }

    public JsonNode get(String path, Query query) {
        return readJson(send("GET", path, query, null), JsonNode.class);
    }

    public <T> T get(String path, Query query, Class<T> type) {
        return readJson(send("GET", path, query, null), type);
    }

    public <T> T get(String path, Query query, JavaType type) {
        return readJson(send("GET", path, query, null), type);
    }

    public JsonNode post(String path, Query query, Object body) {
        return readJson(send("POST", path, query, body), JsonNode.class);
    }

    public <T> T post(String path, Query query, Object body, Class<T> type) {
        return readJson(send("POST", path, query, body), type);
    }

    public void delete(String path, Query query) {
        try (DockerHttpClient.Response r = send("DELETE", path, query, null)) {
            drain(r);
        }
    }

    /** Opens a streaming response; the caller reads the body and closes the response. */
    public DockerHttpClient.Response stream(String path, Query query) {
        return send("GET", path, query, null);
    }

    private DockerHttpClient.Response send(String method, String path, Query query, Object body) {
        DockerHttpClient.Request.Builder b = DockerHttpClient.Request.builder()
                .method(method)
                .path("/v" + API_VERSION + path + (query == null ? "" : query.render()));
        if (body != null) {
            b.putHeader("Content-Type", "application/json");
            b.bodyBytes(body instanceof byte[] bytes ? bytes : Json.write(body));
        } else if ("POST".equals(method)) {
            b.putHeader("Content-Type", "application/json");
        }
        DockerHttpClient.Response response;
        try {
            response = http().execute(b.build());
        } catch (RuntimeException e) {
            if (hasIoCause(e)) throw new DaemonUnreachableException(host, e);
            throw e;
        }
        if (response.getStatusCode() >= 400) {
            try (response) {
                throw new ApiException(response.getStatusCode(), errorMessage(response));
            }
        }
        return response;
    }

    private static boolean hasIoCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t.getClass().getName().contains("LastErrorException")) return true;
        }
        return false;
    }

    private static String errorMessage(DockerHttpClient.Response response) {
        String text = readText(response.getBody()).trim();
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (node != null && node.hasNonNull("message"))
                return node.get("message").asText();
        } catch (IOException notJson) {
            // fall through: a proxy or an old daemon may answer in plain text
        }
        return text.isEmpty() ? "HTTP status " + response.getStatusCode() : text;
    }

    private static <T> T readJson(DockerHttpClient.Response response, Class<T> type) {
        return readJson(response, Json.MAPPER.constructType(type));
    }

    private static <T> T readJson(DockerHttpClient.Response response, JavaType type) {
        try (response) {
            byte[] bytes = response.getBody() == null
                    ? new byte[0]
                    : response.getBody().readAllBytes();
            if (bytes.length == 0) return null;
            return Json.MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void drain(DockerHttpClient.Response response) {
        readText(response.getBody());
    }

    private static String readText(InputStream in) {
        if (in == null) return "";
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private synchronized DockerHttpClient http() {
        if (http == null) {
            http = new ApacheDockerHttpClient.Builder()
                    .dockerHost(URI.create(host))
                    .maxConnections(8)
                    .connectionTimeout(Duration.ofSeconds(10))
                    .build();
        }
        return http;
    }

    @Override
    public synchronized void close() {
        if (http != null) {
            try {
                http.close();
            } catch (IOException ignored) {
                // closing a pooled client on exit: nothing useful to report
            }
        }
    }
}
