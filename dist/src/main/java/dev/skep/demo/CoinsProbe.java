package dev.skep.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalLong;

/** Reads the DockerCoins web UI's {@code /json}: how many hashes the workers have computed so far. */
public final class CoinsProbe {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI json;

    /** @param webUi the web UI's base URL, e.g. {@code http://10.231.0.11:8000} */
    public CoinsProbe(String webUi) {
        this.json = URI.create(webUi + "/json");
    }

    /** The hash counter, or empty while the web UI (or redis behind it) does not answer. */
    public OptionalLong hashes() {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(json).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) return OptionalLong.empty();
            JsonNode hashes = JSON.readTree(r.body()).path("hashes");
            return hashes.isNumber() ? OptionalLong.of(hashes.asLong()) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }
}
