package dev.skep.it;

import static dev.skep.it.Convergence.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A skepd socket as a drop-in {@code DOCKER_HOST}: the unmodified docker CLI runs engine commands through it (the
 * node's dockerd answers them, streamed and hijacked as the CLI expects) beside the swarm commands Skep serves, and
 * each answer is what dockerd's own socket gives.
 */
class EnginePassthroughEndToEndTest extends SingleSkepdTest {
    private static final Duration WAIT = Duration.ofSeconds(120);

    private final DockerCli host = DockerCli.hostDockerd();
    private String container;

    @BeforeAll
    void taskContainer() {
        docker.ok(
                "service",
                "create",
                "--detach",
                "--no-resolve-image",
                "--name",
                "talker",
                TestImages.V1,
                "sh",
                "-c",
                "trap 'exit 0' TERM; echo ready; i=0; while true; do echo line-$i; i=$((i+1)); sleep 0.2; done");
        eventually()
                .atMost(WAIT)
                .untilAsserted(() -> assertThat(HostContainer.running(skepd.nodeId(), "talker"))
                        .hasSize(1));
        container = host.ok("ps", "-q", "--filter", "label=com.docker.swarm.service.name=talker")
                .lines()
                .getFirst();
    }

    @Test
    void psImagesVolumesAndDiskUsageAreTheEngines() {
        assertThat(docker.ok("ps", "-q", "--filter", "label=com.docker.swarm.service.name=talker")
                        .lines())
                .containsExactly(container);
        assertThat(docker.ok("images", "--format", "{{.Repository}}:{{.Tag}}").lines())
                .contains(TestImages.V1, TestImages.V2);
        assertThat(docker.ok("volume", "ls", "-q").lines())
                .isEqualTo(host.ok("volume", "ls", "-q").lines());
        assertThat(docker.ok("system", "df").stdout()).contains("Images", "Containers", "Local Volumes");
    }

    @Test
    void infoCountsTheEnginesContainersAndImagesBesideTheSwarm() {
        String[] info = docker.ok("info", "--format", "{{.Images}}|{{.Swarm.LocalNodeState}}|{{.Swarm.NodeID}}")
                .stdout()
                .strip()
                .split("\\|");
        assertThat(info[0])
                .isEqualTo(host.ok("info", "--format", "{{.Images}}").stdout().strip());
        assertThat(Integer.parseInt(info[0])).isPositive();
        assertThat(info[1]).isEqualTo("active");
        assertThat(info[2]).isEqualTo(skepd.nodeId());
        assertThat(Integer.parseInt(docker.ok("info", "--format", "{{.ContainersRunning}}")
                        .stdout()
                        .strip()))
                .isPositive();
    }

    @Test
    void execWithoutATerminalKeepsStreamsAndExitCode() {
        CommandResult exec = docker.run("exec", container, "sh", "-c", "echo to-out; echo to-err >&2; exit 3");
        assertThat(exec.exitCode()).isEqualTo(3);
        assertThat(exec.stdout().strip()).isEqualTo("to-out");
        assertThat(exec.stderr().strip()).isEqualTo("to-err");
    }

    @Test
    void execWithATerminalUnderAPty() {
        String cli = "docker -H " + docker.host() + " exec -it " + container + " sh -c 'echo tty-$((40+2)); exit 4'";
        CommandResult exec =
                Commands.run(List.of("script", "-qec", cli, "/dev/null"), Map.of("DOCKER_CLI_HINTS", "false"), WAIT);
        assertThat(exec.exitCode()).as(exec.toString()).isEqualTo(4);
        assertThat(exec.stdout()).contains("tty-42");
    }

    @Test
    void logsFollowStreamsATaskContainer() {
        CommandResult logs = docker.run(Duration.ofSeconds(4), "logs", "-f", container);
        assertThat(logs.timedOut()).as("still following: " + logs).isTrue();
        assertThat(logs.stdout()).startsWith("ready\nline-0\n").contains("line-5\n");
    }

    @Test
    void runRemovesItsContainerAndPrintsItsOutput() {
        CommandResult run = docker.run("run", "--rm", TestImages.V1, "echo", "hello-from-run");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout().strip()).isEqualTo("hello-from-run");
    }

    @Test
    void buildStreamsItsContextToTheEngine() throws IOException {
        Path context = Files.createTempDirectory("skep-it-build-");
        String tag = "skep-it-build:" + UUID.randomUUID().toString().substring(0, 8);
        try {
            Files.writeString(
                    context.resolve("Dockerfile"),
                    "FROM " + TestImages.V1 + "\nCOPY payload /payload\nRUN wc -c < /payload > /size\n");
            Files.write(context.resolve("payload"), new byte[3 * 1024 * 1024]);
            docker.ok(WAIT, "build", "-t", tag, context.toString());
            assertThat(docker.ok("run", "--rm", tag, "cat", "/size").stdout().strip())
                    .isEqualTo(String.valueOf(3 * 1024 * 1024));
        } finally {
            host.run("rmi", "-f", tag);
            try (var files = Files.walk(context)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aCallTheEngineRefusesKeepsItsMessage() {
        CommandResult viaSkep = docker.run("rm", container);
        CommandResult direct = host.run("rm", container);
        assertThat(viaSkep.exitCode()).isEqualTo(1);
        assertThat(viaSkep.stderr())
                .contains("You cannot remove a running container")
                .isEqualTo(direct.stderr());
    }

    @Test
    void aRouteNeitherKnowsIsTheEngines404() throws IOException {
        String answer = rawGet(skepd.socket(), "/v1.45/no/such/route");
        assertThat(answer).startsWith("HTTP/1.1 404 ").contains("{\"message\":\"page not found\"}");
        assertThat(answer).doesNotContain("Server: Skep"); // dockerd's own answer, not Skep's
    }

    @Test
    void aDeadEngineIs502WhileTheSwarmApiWorks() {
        String dead = "unix://" + skepd.socket().getParent().resolve("no-dockerd.sock");
        try (SkepProcess lonely = SkepProcess.start(
                "skep-it-noengine-" + UUID.randomUUID().toString().substring(0, 6), "sim", dead)) {
            DockerCli cli = lonely.docker();
            cli.ok("swarm", "init");
            CommandResult ps = cli.run("ps");
            assertThat(ps.exitCode()).isEqualTo(1);
            assertThat(ps.stderr()).contains("the node's Docker Engine at " + dead + " is not answering");
            assertThat(cli.ok("service", "ls").stdout()).contains("ID", "NAME");
            assertThat(cli.ok("node", "ls").stdout()).contains(lonely.nodeName());
        }
    }

    private static String rawGet(Path socket, String path) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            StringBuilder all = new StringBuilder();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (ch.read(buf) > 0) {
                all.append(new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1));
                buf.clear();
            }
            return all.toString();
        }
    }
}
