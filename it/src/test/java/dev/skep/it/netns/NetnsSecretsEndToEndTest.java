package dev.skep.it.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skep.it.CommandResult;
import dev.skep.it.SkepLogOnFailure;
import dev.skep.it.netns.NetnsCluster.Node;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 13, a secret goes only where it is needed: on two real nodes (network namespaces, {@link NetnsCluster}), a
 * service constrained to node1 mounts a secret; node1's agent receives it and its task reads it, node2's agent never
 * receives it (its skepd log, where the agent's secrets logger writes at DEBUG, names no such ID) and node2's
 * secrets tmpfs holds no file for it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetnsSecretsEndToEndTest {
    private static final String IMAGE = "skep-busybox:latest";

    private NetnsCluster cluster;

    @RegisterExtension
    final SkepLogOnFailure logs = SkepLogOnFailure.forLogs(() -> cluster == null ? null : cluster.logTails(60));

    @BeforeAll
    void start() {
        NetnsCluster.assumeSupported(IMAGE);
        cluster = NetnsCluster.up(2, Map.of("SKEP_JAVA_OPTS", "-Xmx384m -XX:+UseSerialGC -Dskep.it.secrets.log=DEBUG"));
    }

    @AfterAll
    void stop() {
        if (cluster != null) cluster.close();
    }

    @Test
    void aSecretReachesOnlyTheNodeThatRunsItsTask() throws IOException {
        String value = "netns-secret-" + UUID.randomUUID();
        var docker = cluster.manager();
        Path source = Files.createTempFile("skit-secret", ".txt");
        String id;
        try {
            Files.writeString(source, value);
            id = docker.ok("secret", "create", "only_node1", source.toString())
                    .stdout()
                    .strip();
        } finally {
            Files.delete(source);
        }
        docker.ok(
                "service",
                "create",
                "--detach",
                "--name",
                "holder",
                "--secret",
                "source=only_node1,target=pw",
                "--constraint",
                "node.hostname==node1",
                IMAGE,
                "sleep",
                "100000");
        String[] container = new String[1];
        eventually().untilAsserted(() -> {
            List<String> ids = node(1).dockerd()
                    .run(Duration.ofSeconds(20), "ps", "-q", "--filter", "label=com.docker.swarm.service.name=holder")
                    .lines();
            assertThat(ids).hasSize(1);
            container[0] = ids.get(0);
        });
        CommandResult cat = node(1).dockerd().ok("exec", container[0], "cat", "/run/secrets/pw");
        assertThat(cat.stdout().strip()).isEqualTo(value);
        String assigned = "secret " + id + " assigned to this node";
        assertThat(log(node(1))).as("node1's log (the DEBUG line is on)").contains(assigned);

        assertThat(log(node(2))).as("node2's log").doesNotContain(id);
        Path node2Secrets = node(2).dir().resolve("skep/secrets");
        assertThat(Files.getFileStore(node2Secrets).type()).isEqualTo("tmpfs");
        assertThat(filesHolding(node(2).dir().resolve("skep"), value))
                .as("files on node2 holding the secret")
                .isEmpty();
        assertThat(filesHolding(node(1).dir().resolve("skep/secrets"), value))
                .as("node1's task file in its tmpfs")
                .hasSize(1);
    }

    private Node node(int k) {
        return cluster.node(k);
    }

    private static String log(Node n) throws IOException {
        return Files.readString(n.dir().resolve("skepd.log"), StandardCharsets.UTF_8);
    }

    /** Regular files under {@code dir} whose content contains {@code value}. */
    private static List<Path> filesHolding(Path dir, String value) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(f -> holds(f, value)).toList();
        }
    }

    private static boolean holds(Path f, String value) {
        try {
            return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(value);
        } catch (IOException e) { // removed while walking
            return false;
        }
    }

    private static org.awaitility.core.ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500));
    }
}
