package dev.skep.daemon.http;

import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.StringJoiner;
import java.util.function.Predicate;

/**
 * This node's own Docker Engine events (containers, images, volumes, local networks) for {@code docker events}.
 * A Swarm manager's dockerd sends its engine's events and the cluster's in one stream; Skep's manager is not the
 * engine, so it passes the engine's lines through as dockerd wrote them, asked with the client's own filters and
 * time window (dockerd applies them with the same rules, and a filter such as {@code type=service} simply leaves
 * nothing on this side).
 */
final class EngineEvents implements AutoCloseable {
    /** The newest Engine API version dockerd 20.10 serves; event messages are the same in v1.45. */
    private static final String API = "/v1.41";

    private final DockerHttpClient http;
    private volatile DockerHttpClient.Response response;

    EngineEvents(String dockerHost) {
        this.http = new ApacheDockerHttpClient.Builder()
                .dockerHost(URI.create(dockerHost))
                .connectionTimeout(Duration.ofSeconds(2))
                .build();
    }

    /** The engine's path for these query values (each may be null). */
    static String path(String filters, String since, String until) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        if (filters != null && !filters.isBlank()) query.add("filters=" + encode(filters));
        if (since != null && !since.isBlank()) query.add("since=" + encode(since));
        if (until != null && !until.isBlank()) query.add("until=" + encode(until));
        return API + "/events" + query;
    }

    /**
     * Sends each event line (with its line end) to the consumer until the engine ends the stream (at {@code until}),
     * the consumer returns false, or {@link #close()} is called.
     */
    void stream(String path, Predicate<byte[]> line) throws IOException {
        response = http.execute(DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path(path)
                .build());
        if (response.getStatusCode() != 200) {
            throw new IOException("dockerd answered " + response.getStatusCode() + " to GET " + path);
        }
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(response.getBody(), StandardCharsets.UTF_8))) {
            for (String l = in.readLine(); l != null; l = in.readLine()) {
                if (!l.isBlank() && !line.test((l + "\n").getBytes(StandardCharsets.UTF_8))) return;
            }
        }
    }

    /** Ends a stream blocked reading (a socket read does not see thread interrupts). */
    @Override
    public void close() {
        try {
            DockerHttpClient.Response r = response;
            if (r != null) r.close();
            http.close();
        } catch (IOException | RuntimeException e) {
            // closing ends the stream either way
        }
    }

    private static String encode(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }
}
