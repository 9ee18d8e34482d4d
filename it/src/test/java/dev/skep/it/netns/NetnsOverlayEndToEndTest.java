package dev.skep.it.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skep.it.CommandResult;
import dev.skep.it.DockerCli;
import dev.skep.it.SkepLogOnFailure;
import dev.skep.it.netns.NetnsCluster.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The data plane across real nodes: three network namespaces on a test bridge, each with its own dockerd and skepd
 * ({@link NetnsCluster}). {@code web} (an HTTP server answering its hostname) runs on node1 and node2 only, a client
 * on node3, all on the overlay network {@code appnet}; web publishes 8080 through the routing mesh. The client
 * reaches web by name across nodes and the VIP spreads over the replicas on both nodes; port 8080 answers on every
 * node's address, node3's (which runs no web task) included, so the mesh reaches tasks on other nodes; scaling
 * changes {@code tasks.web}; after node2 dies, the mesh on the others answers every request again once its task is
 * rescheduled. One cluster for the whole class; it is always torn down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetnsOverlayEndToEndTest {
    private static final String IMAGE = "skep-busybox:latest";
    private static final String SERVER =
            "while true; do echo -e \"HTTP/1.0 200 OK\\r\\n\\r\\n$HOSTNAME\" " + "| nc -l -p 80; done";
    private static final int PUBLISHED = 8080;
    private static final String PUSHED = "127.0.0.1:5000/skep-pushed:1";
    private static final int WHOAMI_PORT = 8081;
    private static final int EXTRA_PORT = 8082;
    private static final int HOST_PORT = 8083;
    /** busybox httpd with a CGI script that prints the peer's address. */
    private static final String WHOAMI = "mkdir -p /www/cgi-bin && printf '#!/bin/sh\\necho Content-Type: text/plain"
            + "\\necho\\necho $REMOTE_ADDR\\n' > /www/cgi-bin/ip && chmod +x /www/cgi-bin/ip && httpd -f -p 80 -h /www";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ADDRESS = Pattern.compile("^Address:\\s*(\\d+\\.\\d+\\.\\d+\\.\\d+)\\s*$");

    private NetnsCluster cluster;

    @RegisterExtension
    final SkepLogOnFailure logs = SkepLogOnFailure.forLogs(() -> cluster == null ? null : cluster.logTails(60));

    @BeforeAll
    void start() {
        NetnsCluster.assumeSupported(IMAGE);
        Instant t0 = Instant.now();
        cluster = NetnsCluster.up(3);
        System.out.println("netns cluster of 3 up in "
                + Duration.between(t0, Instant.now()).toMillis() + " ms");
    }

    @AfterAll
    void stop() {
        if (cluster != null) cluster.close();
    }

    @Test
    @Order(1)
    void aClientOnAnotherNodeReachesWebByName() {
        var docker = cluster.manager();
        docker.ok("network", "create", "-d", "overlay", "appnet");
        docker.ok(
                "service",
                "create",
                "--detach",
                "--name",
                "web",
                "--network",
                "appnet",
                "--replicas",
                "2",
                "--constraint",
                "node.hostname!=node3",
                "--publish",
                PUBLISHED + ":80",
                IMAGE,
                "sh",
                "-c",
                SERVER);
        docker.ok(
                "service",
                "create",
                "--detach",
                "--name",
                "client",
                "--network",
                "appnet",
                "--constraint",
                "node.hostname==node3",
                IMAGE,
                "sleep",
                "100000");
        eventually()
                .until(() -> containers(node(1), "web").size() == 1
                        && containers(node(2), "web").size() == 1
                        && containers(node(3), "client").size() == 1);

        eventually().untilAsserted(() -> assertThat(fetchFromClient()).isIn(webHostnames()));
    }

    @Test
    @Order(2)
    void theVipSpreadsOverReplicasOnDifferentNodes() {
        List<String> expected = webHostnames();
        assertThat(expected).hasSize(2);

        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20 && !seen.containsAll(expected); i++) seen.add(fetchFromClient());

        assertThat(seen).containsAll(expected);
    }

    @Test
    @Order(3)
    void thePublishedPortAnswersOnEveryNodeAndReachesRemoteTasks() {
        List<String> expected = webHostnames();
        for (Node n : cluster.nodes()) {
            // node3 runs no web task: everything it answers comes from the other nodes
            eventually()
                    .untilAsserted(() -> assertThat(answersUntilAll(n.address(), expected))
                            .as("replicas answering on " + n.name())
                            .containsExactlyInAnyOrderElementsOf(expected));
        }
    }

    @Test
    @Order(4)
    void scalingChangesTasksWebInDns() {
        cluster.manager().ok("service", "scale", "--detach", "web=3");
        eventually().until(() -> webTaskIps().size() == 3);

        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(
                        () -> assertThat(lookupOnNode3("tasks.web")).containsExactlyInAnyOrderElementsOf(webTaskIps()));

        cluster.manager().ok("service", "scale", "--detach", "web=2");
        eventually().until(() -> webTaskIps().size() == 2);
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(
                        () -> assertThat(lookupOnNode3("tasks.web")).containsExactlyInAnyOrderElementsOf(webTaskIps()));
    }

    /**
     * Issue #6 point 6 across nodes: the registry runs on node1 only; node3's dockerd pushes to its own
     * 127.0.0.1:5000 and every node's dockerd pulls from there, all through the mesh to node1's task.
     */
    @Test
    @Order(5)
    void aRegistryServiceFeedsEveryNodeThroughTheMesh() {
        assumeTrue(
                DockerCli.hostDockerd()
                        .run("image", "inspect", NetnsCluster.REGISTRY_IMAGE)
                        .succeeded(),
                "needs " + NetnsCluster.REGISTRY_IMAGE + " (scripts/build-registry-image.sh)");
        var docker = cluster.manager();
        docker.ok(
                "service",
                "create",
                "--detach",
                "--no-resolve-image",
                "--name",
                "registry",
                "--constraint",
                "node.hostname==node1",
                "--publish",
                "5000:5000",
                NetnsCluster.REGISTRY_IMAGE);
        eventually().until(() -> containers(node(1), "registry").size() == 1);

        DockerCli node3 = node(3).dockerd();
        node3.ok("tag", IMAGE, PUSHED);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> node3.run(Duration.ofSeconds(30), "push", PUSHED).succeeded());
        node3.ok("image", "rm", PUSHED);

        docker.ok(
                "service",
                "create",
                "--detach",
                "--no-resolve-image",
                "--name",
                "pulled",
                "--mode",
                "global",
                PUSHED,
                "sleep",
                "100000");
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    for (Node n : cluster.nodes())
                        assertThat(containers(n, "pulled"))
                                .as("pulled on " + n.name())
                                .hasSize(1);
                });

        docker.ok("service", "rm", "pulled", "registry");
        eventually()
                .until(() -> cluster.nodes().stream()
                        .allMatch(n -> containers(n, "pulled").isEmpty()
                                && containers(n, "registry").isEmpty()));
    }

    /**
     * Issue #6 point 5: a task on the node that receives a published-port connection sees the client's own
     * address (no SNAT for local backends — Swarm's moby#25526); a task on another node sees the forwarding
     * node's underlay address instead (the mesh reaches it through its node's published port).
     */
    @Test
    @Order(6)
    void aTaskOnTheReceivingNodeSeesTheClientAddress() {
        cluster.manager()
                .ok(
                        "service",
                        "create",
                        "--detach",
                        "--name",
                        "whoami",
                        "--constraint",
                        "node.hostname==node1",
                        "--publish",
                        WHOAMI_PORT + ":80",
                        IMAGE,
                        "sh",
                        "-c",
                        WHOAMI);
        eventually().until(() -> containers(node(1), "whoami").size() == 1);
        String client = bridgeAddress();

        eventually().untilAsserted(() -> assertThat(peerSeenThrough(node(1))).isEqualTo(client));
        eventually()
                .untilAsserted(() -> assertThat(peerSeenThrough(node(3)))
                        .as("seen by the task when node3 forwards")
                        .isNotEmpty()
                        .isNotEqualTo(client));

        cluster.manager().ok("service", "rm", "whoami");
        eventually().until(() -> containers(node(1), "whoami").isEmpty());
    }

    /**
     * Issue #6 point 5: {@code --publish-add} and {@code --publish-rm} apply live, on every node. As with Docker,
     * {@code --publish-rm} names the target port: removing 80 removes both ports that lead to it. Issue 20 point 4:
     * by the time {@code docker service update} (not detached) reports convergence, every node has the change — a
     * removed port answers nowhere, an added one answers everywhere, without waiting further.
     */
    @Test
    @Order(7)
    void publishAddAndRemoveApplyLive() {
        cluster.manager()
                .ok(
                        Duration.ofSeconds(120),
                        "service",
                        "update",
                        "--detach=false",
                        "--publish-add",
                        EXTRA_PORT + ":80",
                        "web");
        for (Node n : cluster.nodes()) {
            assertThat(answersWithin(n.address(), EXTRA_PORT, 5))
                    .as("port " + EXTRA_PORT + " on " + n.name())
                    .isIn(webHostnames());
        }
        cluster.manager()
                .ok(Duration.ofSeconds(120), "service", "update", "--detach=false", "--publish-rm", "80", "web");
        for (Node n : cluster.nodes()) {
            for (int i = 0; i < 3; i++) {
                assertThat(List.of(httpGet(n.address(), EXTRA_PORT, "/"), httpGet(n.address(), PUBLISHED, "/")))
                        .as("ports removed on " + n.name())
                        .containsOnly("");
            }
        }
        cluster.manager().ok("service", "update", "--detach", "--publish-add", PUBLISHED + ":80", "web");
        eventually().untilAsserted(() -> assertThat(httpGet(node(3).address())).isIn(webHostnames()));
    }

    /** The first answer of up to {@code attempts} quick requests (a task's nc loop may be between two), or "". */
    private static String answersWithin(String address, int port, int attempts) {
        for (int i = 0; i < attempts; i++) {
            String answer = httpGet(address, port, "/");
            if (!answer.isEmpty()) return answer;
        }
        return "";
    }

    /**
     * Issue #6 point 5: a host-mode port answers only on the node that runs the task, from that task. (Skep
     * publishes host-mode ports for tasks on an overlay network; a task on dockerd's default bridge gets none yet.)
     */
    @Test
    @Order(8)
    void aHostModePortAnswersOnlyWhereItsTaskRuns() {
        cluster.manager()
                .ok(
                        "service",
                        "create",
                        "--detach",
                        "--name",
                        "hostweb",
                        "--network",
                        "appnet",
                        "--constraint",
                        "node.hostname==node1",
                        "--publish",
                        "mode=host,published=" + HOST_PORT + ",target=80",
                        IMAGE,
                        "sh",
                        "-c",
                        SERVER);
        eventually().until(() -> containers(node(1), "hostweb").size() == 1);

        eventually()
                .untilAsserted(() ->
                        assertThat(httpGet(node(1).address(), HOST_PORT, "/")).isIn(hostnames(node(1), "hostweb")));
        assertThat(httpGet(node(3).address(), HOST_PORT, "/"))
                .as("node3 runs no hostweb task")
                .isEmpty();

        cluster.manager().ok("service", "rm", "hostweb");
        eventually().until(() -> containers(node(1), "hostweb").isEmpty());
    }

    /**
     * {@code docker service logs} shows the lines of tasks on every node, not only the serving node's: the leader's
     * log broker asks each node's agent over the agent's own connection. Through a second manager (node3, promoted
     * for this and demoted after) the same lines come through the leader.
     */
    @Test
    @Order(9)
    void serviceLogsShowTheTasksOfEveryNodeThroughAnyManager() {
        var docker = cluster.manager();
        docker.ok(
                "service",
                "create",
                "--detach",
                "--name",
                "talker",
                "--replicas",
                "3",
                "--replicas-max-per-node",
                "1",
                IMAGE,
                "sh",
                "-c",
                "echo \"talker says hello from $(hostname)\"; exec sleep 100000");
        eventually()
                .until(() -> cluster.nodes().stream()
                        .allMatch(n -> containers(n, "talker").size() == 1));
        List<String> expected = new ArrayList<>();
        for (Node n : cluster.nodes()) {
            expected.add(n.name() + " | talker says hello from "
                    + hostnames(n, "talker").get(0));
        }

        eventually().untilAsserted(() -> assertThat(talkerLines(docker)).containsExactlyInAnyOrderElementsOf(expected));

        docker.ok("node", "promote", node(3).name());
        DockerCli second = node(3).skep();
        eventually()
                .until(() -> second.run(Duration.ofSeconds(20), "node", "ls").succeeded());
        eventually().untilAsserted(() -> assertThat(talkerLines(second)).containsExactlyInAnyOrderElementsOf(expected));
        eventually().untilAsserted(() -> assertThat(talkerLines(docker)).containsExactlyInAnyOrderElementsOf(expected));

        docker.ok("node", "demote", node(3).name());
        eventually()
                .until(() -> !second.run(Duration.ofSeconds(20), "node", "ls").succeeded());
        docker.ok("service", "rm", "talker");
        eventually()
                .until(() -> cluster.nodes().stream()
                        .allMatch(n -> containers(n, "talker").isEmpty()));
    }

    /** The talker's log lines as "NODE | LINE" ({@code service logs} prefixes each with TASK@NODE). */
    private static List<String> talkerLines(DockerCli docker) {
        CommandResult r = docker.run(Duration.ofSeconds(30), "service", "logs", "--no-trunc", "talker");
        assertThat(r.succeeded()).as("service logs: " + r).isTrue();
        List<String> out = new ArrayList<>();
        for (String line : r.stdout().lines().toList()) {
            int bar = line.indexOf(" | ");
            int at = line.lastIndexOf('@', bar < 0 ? 0 : bar);
            if (bar < 0 || at < 0) continue;
            out.add(line.substring(at + 1, bar).strip() + " | "
                    + line.substring(bar + 3).strip());
        }
        return out;
    }

    @Test
    @Order(10)
    void afterANodeDiesTheMeshOnTheOthersStillAnswers() {
        Node dead = node(2);
        assertThat(containers(dead, "web"))
                .as("web tasks on node2 before it dies")
                .isNotEmpty();
        dead.kill();

        // its task is rescheduled on node1 (node3 is excluded); then every request on the live nodes succeeds
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    assertThat(containers(node(1), "web")).hasSize(2);
                    for (Node n : List.of(node(1), node(3))) {
                        for (int i = 0; i < 6; i++) {
                            assertThat(httpGet(n.address()))
                                    .as("request " + i + " on " + n.name())
                                    .isIn(hostnames(node(1), "web"));
                        }
                    }
                });

        // Its old web task's log cannot be read: service logs ends (no hang) with Swarm's warning naming the node.
        String deadId = cluster.manager()
                .ok("node", "inspect", "--format", "{{.ID}}", dead.name())
                .stdout()
                .strip();
        eventually().untilAsserted(() -> {
            CommandResult r = cluster.manager().run(Duration.ofSeconds(30), "service", "logs", "web");
            assertThat(r.succeeded()).isFalse();
            assertThat(r.output()).contains("incomplete log stream", "node " + deadId + " is not available");
        });
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private Node node(int k) {
        return cluster.node(k);
    }

    private static org.awaitility.core.ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500));
    }

    /** One HTTP request from the client container (node3) to {@code web:80}; the answering hostname or "". */
    private String fetchFromClient() {
        String client = containers(node(3), "client").get(0);
        CommandResult r = node(3).dockerd()
                .run(Duration.ofSeconds(20), "exec", client, "sh", "-c", "echo GET / | nc -w 5 web 80");
        return lastLine(r.stdout());
    }

    /** Requests to ADDRESS:8080 from the root namespace until every expected replica answered (bounded). */
    private static Set<String> answersUntilAll(String address, List<String> expected) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 12 && !seen.containsAll(expected); i++) {
            String answer = httpGet(address);
            if (!answer.isEmpty()) seen.add(answer);
        }
        return seen;
    }

    /** GET / on ADDRESS:8080; the last line of the answer (the replica's hostname), or "" on failure. */
    private static String httpGet(String address) {
        return httpGet(address, PUBLISHED, "/");
    }

    /** GET PATH on ADDRESS:PORT; the last line of the answer, or "" on failure. */
    private static String httpGet(String address, int port, String path) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 3000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return lastLine(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return "";
        }
    }

    /** The peer address the whoami task saw for a request to NODE's published port (busybox writes v4-mapped v6). */
    private static String peerSeenThrough(Node node) {
        return httpGet(node.address(), WHOAMI_PORT, "/cgi-bin/ip")
                .replace("[::ffff:", "")
                .replace("]", "");
    }

    /** The test bridge's address in the root namespace: the source of this JVM's requests to the nodes. */
    private String bridgeAddress() {
        String node1 = node(1).address();
        return node1.substring(0, node1.lastIndexOf('.') + 1) + "1";
    }

    private static String lastLine(String text) {
        List<String> lines =
                text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    /** IDs of a service's running containers on one node's dockerd. */
    private static List<String> containers(Node n, String service) {
        return n.dockerd()
                .run(Duration.ofSeconds(20), "ps", "-q", "--filter", "label=com.docker.swarm.service.name=" + service)
                .lines();
    }

    private List<String> webHostnames() {
        List<String> out = new ArrayList<>();
        for (Node n : cluster.nodes()) out.addAll(hostnames(n, "web"));
        return out;
    }

    private static List<String> hostnames(Node n, String service) {
        return containers(n, service).stream()
                .map(id -> inspect(n, id).path("Config").path("Hostname").asText())
                .toList();
    }

    /** The web tasks' addresses on appnet, read from the containers on every live node. */
    private List<String> webTaskIps() {
        List<String> out = new ArrayList<>();
        for (Node n : cluster.nodes()) {
            for (String id : containers(n, "web")) {
                JsonNode nets = inspect(n, id).path("NetworkSettings").path("Networks");
                nets.properties().stream()
                        .filter(e -> e.getValue().path("IPAddress").asText().startsWith(appnetPrefix()))
                        .forEach(e -> out.add(e.getValue().path("IPAddress").asText()));
            }
        }
        return out;
    }

    private String appnetGateway;

    private String gateway() {
        if (appnetGateway == null) {
            JsonNode net = json(cluster.manager()
                            .ok("network", "inspect", "appnet")
                            .stdout())
                    .get(0);
            appnetGateway =
                    net.path("IPAM").path("Config").get(0).path("Gateway").asText();
        }
        return appnetGateway;
    }

    private String appnetPrefix() {
        String g = gateway();
        return g.substring(0, g.lastIndexOf('.') + 1);
    }

    /** Asks node3's Skep DNS server (on appnet's gateway inside node3) for NAME's A records. */
    private List<String> lookupOnNode3(String name) {
        CommandResult r = node(3).exec(Duration.ofSeconds(10), "busybox", "nslookup", "-type=a", name, gateway());
        List<String> out = new ArrayList<>();
        boolean answers = false;
        for (String line : r.stdout().lines().toList()) {
            if (line.startsWith("Name:")) answers = true;
            Matcher m = ADDRESS.matcher(line.strip());
            if (answers && m.matches()) out.add(m.group(1));
        }
        return out;
    }

    private static JsonNode inspect(Node n, String container) {
        return json(n.dockerd().ok("inspect", container).stdout()).get(0);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
