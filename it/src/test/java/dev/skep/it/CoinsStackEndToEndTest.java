package dev.skep.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #5 point 6: the project's DockerCoins stack ({@code demo/coins/dockercoins.yml}) deployed with the
 * unmodified {@code docker stack deploy} on one skepd: the worker reaches rng, hasher and redis by name over the
 * overlay network, and the web UI, published on port 8000 through the routing mesh, shows the hash counter rising.
 * {@code docker stack rm} then leaves no container, Docker network or overlay device behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoinsStackEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> IMAGES = List.of("skep-coins-rng:1", "skep-coins-hasher:1",
            "skep-coins-worker:1", "skep-coins-webui:1", "skep-coins-redis:1");
    private static final URI WEB_UI = URI.create("http://127.0.0.1:8000/json");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final DockerCli host = DockerCli.hostDockerd();
    private SkepProcess skepd;
    private DockerCli docker;

    @RegisterExtension
    final SkepLogOnFailure logOnFailure = new SkepLogOnFailure(() -> skepd);

    @BeforeAll
    void start() {
        HostOverlay.assumeUsable();
        for (String image : IMAGES) HostOverlay.assumeImage(image, "demo/coins/build-images.sh");
        skepd = SkepProcess.start();
        docker = skepd.docker();
        docker.ok("swarm", "init");
    }

    @AfterAll
    void stop() {
        if (skepd == null) return;
        docker.run("stack", "rm", "coins");
        await().atMost(Duration.ofSeconds(90)).until(() -> stackContainers().isEmpty() && HostOverlay.overlayLinks().isEmpty());
        skepd.close();
    }

    @Test
    void theWorkersMineAndTheWebUiShowsTheHashesRising() {
        CommandResult deploy = docker.ok(Duration.ofSeconds(120), "stack", "deploy", "-c",
                TestImages.repositoryRoot().resolve("demo/coins/dockercoins.yml").toString(), "coins");
        assertThat(deploy.output()).contains("Creating network coins_coins", "Creating service coins_worker");

        long first = await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                .until(this::hashes, OptionalLong::isPresent).getAsLong();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> hashes().orElse(first) > first + 5);
        assertThat(docker.ok("stack", "services", "coins", "--format", "{{.Name}} {{.Replicas}}").lines())
                .containsExactlyInAnyOrder("coins_rng 1/1", "coins_hasher 1/1", "coins_worker 1/1",
                        "coins_webui 1/1", "coins_redis 1/1");
    }

    /** The web UI's hash counter, or empty while it (or redis behind it) does not answer. */
    private OptionalLong hashes() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(WEB_UI).timeout(Duration.ofSeconds(3)).build(),
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

    private List<String> stackContainers() {
        return host.ok("ps", "-aq", "--filter", "label=com.docker.stack.namespace=coins").lines().stream()
                .filter(l -> !l.isBlank()).toList();
    }
}
