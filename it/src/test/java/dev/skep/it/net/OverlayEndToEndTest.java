package dev.skep.it.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skep.it.CommandResult;
import dev.skep.it.DockerCli;
import dev.skep.it.HostOverlay;
import dev.skep.it.SkepLogOnFailure;
import dev.skep.it.SkepProcess;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Services on an overlay network reach each other by name through real containers: one skepd with the docker
 * executor on the host's dockerd. A client container asks for {@code web} through Skep's DNS (on the network's
 * gateway), connects to the VIP, and the node's balancer spreads the connections over the replicas; scaling adds
 * a backend; removing everything leaves no device, Docker network or nftables table behind. Needs root (it
 * creates bridges, VXLAN devices and nftables rules on this host).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OverlayEndToEndTest {
    private static final String IMAGE = "skep-busybox:latest";
    private static final String SERVER =
            "while true; do echo -e \"HTTP/1.0 200 OK\\r\\n\\r\\n$HOSTNAME\" " + "| nc -l -p 80; done";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DockerCli host = DockerCli.hostDockerd();
    private SkepProcess skepd;
    private DockerCli docker;

    @RegisterExtension
    final SkepLogOnFailure logs = SkepLogOnFailure.forDaemon(() -> skepd);

    @BeforeAll
    void start() {
        HostOverlay.assumeUsable();
        HostOverlay.assumeImage(IMAGE, "scripts/build-test-images.sh");
        skepd = SkepProcess.start();
        docker = skepd.docker();
        docker.ok("swarm", "init");
    }

    @AfterAll
    void stop() {
        if (skepd == null) return;
        docker.run("service", "rm", "web", "client");
        docker.run("network", "rm", "appnet");
        skepd.close();
    }

    @Test
    @Order(1)
    void aClientReachesEveryReplicaByNameThroughTheVip() {
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
                IMAGE,
                "sh",
                "-c",
                SERVER);
        docker.ok("service", "create", "--detach", "--name", "client", "--network", "appnet", IMAGE, "sleep", "100000");
        eventually()
                .until(() ->
                        containers("web").size() == 2 && containers("client").size() == 1);
        String client = containers("client").get(0);

        eventually().untilAsserted(() -> assertThat(fetch(client)).isIn(hostnames("web")));
        assertThat(answersUntilAll(client, hostnames("web"))).containsExactlyInAnyOrderElementsOf(hostnames("web"));
    }

    @Test
    @Order(2)
    void skepDnsAnswersTheServiceVipAndEveryTaskAddress() throws Exception {
        String gateway = gateway();
        SimpleResolver resolver = new SimpleResolver(gateway);
        resolver.setTimeout(Duration.ofSeconds(2));

        assertThat(lookup(resolver, "tasks.web")).containsExactlyInAnyOrderElementsOf(taskIps("web"));
        assertThat(lookup(resolver, "web")).singleElement().isEqualTo(vip("web"));
    }

    @Test
    @Order(3)
    void aScaledUpReplicaAnswersToo() {
        docker.ok("service", "scale", "--detach", "web=3");
        eventually().until(() -> containers("web").size() == 3);
        String client = containers("client").get(0);

        assertThat(answersUntilAll(client, hostnames("web"))).containsExactlyInAnyOrderElementsOf(hostnames("web"));
    }

    @Test
    @Order(4)
    void removingServicesAndNetworkLeavesNothingBehind() {
        docker.ok("service", "rm", "web", "client");
        eventually()
                .until(() -> containers("web").isEmpty() && containers("client").isEmpty());
        docker.ok("network", "rm", "appnet");

        eventually().untilAsserted(() -> {
            assertThat(HostOverlay.overlayLinks()).isEmpty();
            assertThat(host.ok("network", "ls", "--format", "{{.Name}}").lines())
                    .noneMatch(n -> n.startsWith("skep-"));
            assertThat(run("nft", "list", "table", "ip", "skep").succeeded())
                    .as("nft table ip skep")
                    .isFalse();
        });
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private static org.awaitility.core.ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250));
    }

    /** Fetches from {@code web} until every expected replica answered (bounded), returning who answered. */
    private Set<String> answersUntilAll(String client, List<String> expected) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 30 && !seen.containsAll(expected); i++) {
            String answer = fetch(client);
            if (!answer.isEmpty()) seen.add(answer);
        }
        return seen;
    }

    /** One HTTP request from the client container to {@code web:80}; the answering container's hostname. */
    private String fetch(String client) {
        CommandResult r = host.run(Duration.ofSeconds(20), "exec", client, "sh", "-c", "echo GET / | nc -w 5 web 80");
        List<String> lines =
                r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    /** IDs of the service's running containers on the host's dockerd. */
    private List<String> containers(String service) {
        return host
                .ok(
                        "ps",
                        "-q",
                        "--filter",
                        "label=com.docker.swarm.node.id=" + skepd.nodeId(),
                        "--filter",
                        "label=com.docker.swarm.service.name=" + service)
                .lines()
                .stream()
                .filter(l -> !l.isBlank())
                .toList();
    }

    private List<String> hostnames(String service) {
        return containers(service).stream()
                .map(id -> inspect(id).path("Config").path("Hostname").asText())
                .toList();
    }

    private List<String> taskIps(String service) {
        return containers(service).stream()
                .map(id -> {
                    JsonNode nets = inspect(id).path("NetworkSettings").path("Networks");
                    return nets.properties().stream()
                            .filter(e -> e.getKey().startsWith("skep-"))
                            .map(e -> e.getValue().path("IPAddress").asText())
                            .findFirst()
                            .orElseThrow();
                })
                .toList();
    }

    private String gateway() throws Exception {
        JsonNode net = JSON.readTree(docker.ok("network", "inspect", "appnet").stdout())
                .get(0);
        return net.path("IPAM").path("Config").get(0).path("Gateway").asText();
    }

    private String vip(String service) throws Exception {
        JsonNode s =
                JSON.readTree(docker.ok("service", "inspect", service).stdout()).get(0);
        String addr = s.path("Endpoint").path("VirtualIPs").get(0).path("Addr").asText();
        return addr.substring(0, addr.indexOf('/'));
    }

    private JsonNode inspect(String container) {
        try {
            return JSON.readTree(host.ok("inspect", container).stdout()).get(0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> lookup(SimpleResolver resolver, String name) throws Exception {
        Lookup lookup = new Lookup(name, Type.A);
        lookup.setResolver(resolver);
        lookup.setCache(null);
        Record[] records = lookup.run();
        assertThat(records)
                .as("answer for " + name + ": " + lookup.getErrorString())
                .isNotNull();
        return Stream.of(records)
                .map(r -> ((ARecord) r).getAddress().getHostAddress())
                .toList();
    }

    private static CommandResult run(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes());
            String err = new String(p.getErrorStream().readAllBytes());
            boolean done = p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
            return new CommandResult(List.of(argv), done ? p.exitValue() : -1, out, err, !done);
        } catch (java.io.IOException e) {
            return new CommandResult(List.of(argv), -1, "", e.toString(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
