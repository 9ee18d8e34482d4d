package dev.skep.it.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skep.it.DockerCli;
import dev.skep.it.HostOverlay;
import dev.skep.it.SkepLogOnFailure;
import dev.skep.it.SkepProcess;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node's dockerd already holds a network whose subnet overlaps an overlay's (left by a killed cluster, or the
 * user's own): the task that needs the overlay is rejected with dockerd's reason in {@code service ps} and tried
 * again per the restart policy, instead of sitting in Preparing without a word; once the overlap is gone, it runs.
 * Needs root (overlay devices on this host).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverlappingNetworkEndToEndTest {
    private static final String IMAGE = "skep-busybox:latest";
    private static final String SUBNET = "10.197.3.0/24";
    private static final String SQUATTER = "skep-it-squatter";
    private final DockerCli host = DockerCli.hostDockerd();
    private SkepProcess skepd;
    private DockerCli docker;

    @RegisterExtension
    final SkepLogOnFailure logs = SkepLogOnFailure.forDaemon(() -> skepd);

    @BeforeAll
    void start() {
        HostOverlay.assumeUsable();
        HostOverlay.assumeImage(IMAGE, "scripts/build-test-images.sh");
        host.run("network", "rm", SQUATTER);
        skepd = SkepProcess.start();
        docker = skepd.docker();
        docker.ok("swarm", "init");
    }

    @AfterAll
    void stop() {
        host.run("network", "rm", SQUATTER);
        if (skepd == null) return;
        docker.run("service", "rm", "app");
        docker.run("network", "rm", "appnet");
        skepd.close();
    }

    @Test
    void aTaskWhoseNetworkDockerdRefusesIsRejectedWithTheReasonAndRunsOnceTheOverlapIsGone() {
        host.ok("network", "create", "--driver", "bridge", "--subnet", SUBNET, SQUATTER);
        docker.ok("network", "create", "-d", "overlay", "--subnet", SUBNET, "appnet");
        docker.ok("service", "create", "--detach", "--name", "app", "--network", "appnet", IMAGE, "sleep", "100000");

        eventually()
                .untilAsserted(() -> assertThat(docker.ok(
                                        "service",
                                        "ps",
                                        "--no-trunc",
                                        "--format",
                                        "{{.CurrentState}}|{{.Error}}",
                                        "app")
                                .lines())
                        .anySatisfy(row -> assertThat(row)
                                .startsWith("Rejected")
                                .contains("network appnet cannot be set up on this node")
                                .contains("overlaps")));

        host.ok("network", "rm", SQUATTER);
        eventually()
                .untilAsserted(() -> assertThat(docker.ok("service", "ps", "--format", "{{.CurrentState}}", "app")
                                .lines())
                        .anySatisfy(row -> assertThat(row).startsWith("Running")));
    }

    private static org.awaitility.core.ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500));
    }
}
