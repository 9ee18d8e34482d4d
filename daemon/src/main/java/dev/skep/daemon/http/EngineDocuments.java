package dev.skep.daemon.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.skep.api.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dockerd's own {@code /info} and {@code /version}, which Skep's answers to those routes start from. Read on the
 * route's virtual thread; an engine that does not answer within a few seconds leaves Skep's own answer alone.
 */
final class EngineDocuments {
    private static final Logger LOG = LoggerFactory.getLogger(EngineDocuments.class);
    private static final Duration CONNECT = Duration.ofSeconds(2);
    private static final Duration RESPONSE = Duration.ofSeconds(10);

    private final EngineAddress engine;

    EngineDocuments(EngineAddress engine) {
        this.engine = engine;
    }

    /** The engine's JSON object at this (unversioned) path, or empty when it does not answer one. */
    Optional<ObjectNode> get(String path) {
        try (DockerHttpClient http = new ApacheDockerHttpClient.Builder()
                        .dockerHost(URI.create(engine.text()))
                        .connectionTimeout(CONNECT)
                        .responseTimeout(RESPONSE)
                        .build();
                DockerHttpClient.Response r = http.execute(DockerHttpClient.Request.builder()
                        .method(DockerHttpClient.Request.Method.GET)
                        .path(path)
                        .build());
                InputStream body = r.getBody()) {
            if (r.getStatusCode() != 200) {
                LOG.debug("{} answered {} to GET {}", engine.text(), r.getStatusCode(), path);
                return Optional.empty();
            }
            JsonNode json = Json.MAPPER.readTree(body);
            return json instanceof ObjectNode o ? Optional.of(o) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}: GET {}: {}", engine.notAnswering(), path, e.toString());
            return Optional.empty();
        }
    }
}
