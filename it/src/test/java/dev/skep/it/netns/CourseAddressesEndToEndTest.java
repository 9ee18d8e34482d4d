package dev.skep.it.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skep.demo.CoinsProbe;
import dev.skep.it.DockerCli;
import dev.skep.it.SkepLogOnFailure;
import dev.skep.it.TestImages;
import dev.skep.it.netns.NetnsCluster.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 20: the course's own start, on machines like the course's — every node has {@code eth0} (default route) and
 * a second interface {@code eth1} on a separate bridge, and skepd is started knowing no address. Node1 runs
 * {@code docker swarm init --advertise-addr eth1:7777 --listen-addr eth1:7777} (plus a non-default
 * {@code --data-path-port}, so the test sees it honoured), the workers type the join line it prints, the DockerCoins
 * stack mines across the nodes, its VXLAN runs between the eth1 addresses on the given UDP port, and it goes on
 * mining once every node's eth0 is down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CourseAddressesEndToEndTest {
    private static final String IMAGE = "skep-busybox:latest";
    private static final int DATA_PATH_PORT = 4790;
    private static final String INIT =
            "--advertise-addr eth1:7777 --listen-addr eth1:7777 --data-path-port " + DATA_PATH_PORT;
    private static final List<String> COINS = List.of(
            "skep-coins-rng:1",
            "skep-coins-hasher:1",
            "skep-coins-worker:1",
            "skep-coins-webui:1",
            "skep-coins-redis:1");
    private static final ObjectMapper JSON = new ObjectMapper();

    private NetnsCluster cluster;

    @RegisterExtension
    final SkepLogOnFailure logs = SkepLogOnFailure.forLogs(() -> cluster == null ? "" : cluster.logTails(60));

    @BeforeAll
    void start() {
        NetnsCluster.assumeSupported(IMAGE);
        for (String image : COINS) NetnsCluster.assumeImage(image);
        cluster = NetnsCluster.upAsTheCourse(3, INIT);
    }

    @AfterAll
    void stop() {
        if (cluster != null) cluster.close();
    }

    @Test
    @Order(1)
    void theWorkersJoinedThroughThePrintedCommandOnPort7777() throws IOException {
        String manager = cluster.node(1).address2();
        String printed = Files.readString(cluster.dir().resolve("join-command")).strip();
        assertThat(printed).startsWith("docker swarm join --token SWMTKN-1-").endsWith(" " + manager + ":7777");
        DockerCli docker = cluster.manager();
        assertThat(docker.ok("node", "ls", "--format", "{{.Hostname}} {{.Status}}")
                        .lines())
                .containsExactlyInAnyOrder("node1 Ready", "node2 Ready", "node3 Ready");
        assertThat(docker.ok("info", "--format", "{{range .Swarm.RemoteManagers}}{{.Addr}}{{end}}")
                        .stdout()
                        .strip())
                .isEqualTo(manager + ":7777");
        assertThat(docker.ok("info", "--format", "{{json .Labels}}").stdout())
                .contains("skep.listen-addr=" + manager + ":7777", "skep.raft-addr=" + manager + ":7778");
        assertThat(docker.ok("info", "--format", "{{.Swarm.Cluster.DataPathPort}}")
                        .stdout()
                        .strip())
                .isEqualTo(String.valueOf(DATA_PATH_PORT));
        for (Node n : cluster.nodes()) {
            assertThat(docker.ok("node", "inspect", n.name(), "--format", "{{.Status.Addr}}")
                            .stdout()
                            .strip())
                    .as("the address the cluster knows %s by", n.name())
                    .isEqualTo(n.address2());
        }
    }

    @Test
    @Order(2)
    void theCoinsStackMinesAcrossTheNodes() {
        DockerCli docker = cluster.manager();
        docker.ok(
                Duration.ofSeconds(120),
                "stack",
                "deploy",
                "-c",
                TestImages.repositoryRoot()
                        .resolve("demo/coins/dockercoins.yml")
                        .toString(),
                "coins");
        docker.ok(Duration.ofSeconds(120), "service", "scale", "--detach", "coins_worker=3");
        assertRising(new CoinsProbe("http://" + cluster.node(3).address2() + ":8000"));
    }

    @Test
    @Order(3)
    void theOverlayRunsBetweenTheEth1AddressesOnTheDataPathPort() {
        for (Node n : cluster.nodes()) {
            List<JsonNode> vxlans = vxlans(n);
            assertThat(vxlans).as("VXLAN devices on %s", n.name()).isNotEmpty();
            for (JsonNode vx : vxlans) {
                JsonNode data = vx.path("linkinfo").path("info_data");
                assertThat(data.path("local").asText())
                        .as("VXLAN source on %s", n.name())
                        .isEqualTo(n.address2());
                assertThat(data.path("port").asInt())
                        .as("VXLAN port on %s", n.name())
                        .isEqualTo(DATA_PATH_PORT);
            }
        }
    }

    @Test
    @Order(4)
    void itGoesOnMiningWithEveryEth0Down() {
        for (Node n : cluster.nodes())
            n.exec(Duration.ofSeconds(10), "ip", "link", "set", "eth0", "down").assertSuccess();
        assertRising(new CoinsProbe("http://" + cluster.node(2).address2() + ":8000"));
        assertThat(cluster.manager().ok("node", "ls", "--format", "{{.Status}}").lines())
                .containsOnly("Ready");
    }

    private static void assertRising(CoinsProbe webUi) {
        long first = await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(1))
                .until(webUi::hashes, OptionalLong::isPresent)
                .getAsLong();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> webUi.hashes().orElse(first) > first + 5);
    }

    private static List<JsonNode> vxlans(Node n) {
        String out = n.exec(Duration.ofSeconds(10), "ip", "-j", "-d", "link", "show", "type", "vxlan")
                .assertSuccess()
                .stdout();
        try {
            List<JsonNode> links = new ArrayList<>();
            JSON.readTree(out.isBlank() ? "[]" : out).forEach(links::add);
            return links;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
