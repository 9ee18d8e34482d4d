package dev.skep.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skep.demo.CoinsProbe;
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
    private static final List<String> IMAGES = List.of(
            "skep-coins-rng:1",
            "skep-coins-hasher:1",
            "skep-coins-worker:1",
            "skep-coins-webui:1",
            "skep-coins-redis:1");
    private final CoinsProbe webUi = new CoinsProbe("http://127.0.0.1:8000");
    private final DockerCli host = DockerCli.hostDockerd();
    private SkepProcess skepd;
    private DockerCli docker;

    @RegisterExtension
    final SkepLogOnFailure logOnFailure = SkepLogOnFailure.forDaemon(() -> skepd);

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
        await().atMost(Duration.ofSeconds(90))
                .until(() -> stackContainers().isEmpty()
                        && HostOverlay.overlayLinks().isEmpty());
        skepd.close();
    }

    @Test
    void theWorkersMineAndTheWebUiShowsTheHashesRising() {
        CommandResult deploy = docker.ok(
                Duration.ofSeconds(120),
                "stack",
                "deploy",
                "-c",
                TestImages.repositoryRoot()
                        .resolve("demo/coins/dockercoins.yml")
                        .toString(),
                "coins");
        assertThat(deploy.output()).contains("Creating network coins_coins", "Creating service coins_worker");

        long first = await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(1))
                .until(webUi::hashes, OptionalLong::isPresent)
                .getAsLong();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> webUi.hashes().orElse(first) > first + 5);
        assertThat(docker.ok("stack", "services", "coins", "--format", "{{.Name}} {{.Replicas}}")
                        .lines())
                .containsExactlyInAnyOrder(
                        "coins_rng 1/1", "coins_hasher 1/1", "coins_worker 1/1", "coins_webui 1/1", "coins_redis 1/1");
    }

    private List<String> stackContainers() {
        return host.ok("ps", "-aq", "--filter", "label=com.docker.stack.namespace=coins").lines().stream()
                .filter(l -> !l.isBlank())
                .toList();
    }
}
