package dev.skep.it;

import static dev.skep.it.Convergence.eventually;
import static dev.skep.it.DockerCliEndToEndTest.withCommand;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What Swarm does on its own and what it refuses: restarts after a container dies, scale-down, global mode,
 * invalid specs (nothing stored), and a skepd restart that adopts the running containers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BehaviourEndToEndTest extends SingleSkepdTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Order(1)
    void killedContainerIsReplacedInTheSameSlot() {
        docker.ok(withCommand(
                "service",
                "create",
                "--detach",
                "--name",
                "phoenix",
                "--replicas",
                "2",
                "--restart-delay",
                "1s",
                "--no-resolve-image",
                TestImages.V1));
        eventually()
                .untilAsserted(
                        () -> assertThat(ServiceTask.running(docker, "phoenix")).hasSize(2));
        HostContainer victim = containerOfSlot("phoenix", "phoenix.1");
        String survivorTask = containerOfSlot("phoenix", "phoenix.2").taskId();

        DockerCli.hostDockerd().ok("kill", victim.id());

        eventually().untilAsserted(() -> {
            List<ServiceTask> slot1 = ServiceTask.list(docker, "phoenix").stream()
                    .filter(t -> t.name().equals("phoenix.1"))
                    .toList();
            assertThat(slot1)
                    .filteredOn(t -> t.id().equals(victim.taskId()))
                    .singleElement()
                    .satisfies(old -> {
                        assertThat(old.desiredState()).isEqualTo("Shutdown");
                        assertThat(old.currentStateName()).isIn("Failed", "Shutdown");
                    });
            assertThat(slot1)
                    .filteredOn(ServiceTask::isRunning)
                    .singleElement()
                    .satisfies(replacement -> assertThat(replacement.id()).isNotEqualTo(victim.taskId()));
        });
        HostContainer replacement = containerOfSlot("phoenix", "phoenix.1");
        assertThat(replacement.id()).isNotEqualTo(victim.id());
        assertThat(containerOfSlot("phoenix", "phoenix.2").taskId()).isEqualTo(survivorTask);
    }

    @Test
    @Order(2)
    void scaleDownRemovesTheSurplusContainers() {
        docker.ok(withCommand(
                "service",
                "create",
                "--detach",
                "--name",
                "shrink",
                "--replicas",
                "4",
                "--no-resolve-image",
                TestImages.V1));
        eventually()
                .untilAsserted(() -> assertThat(HostContainer.running(skepd.nodeId(), "shrink"))
                        .hasSize(4));

        docker.ok("service", "scale", "--detach", "shrink=1");

        eventually()
                .untilAsserted(() -> assertThat(HostContainer.all(skepd.nodeId(), "shrink"))
                        .singleElement()
                        .satisfies(c -> assertThat(c.state()).isEqualTo("running")));
        eventually()
                .untilAsserted(() -> assertThat(ServiceTask.list(docker, "shrink"))
                        .singleElement()
                        .satisfies(t -> assertThat(t.isRunning()).isTrue()));
    }

    @Test
    @Order(3)
    void globalServiceRunsExactlyOneTaskOnTheNode() {
        docker.ok(withCommand(
                "service",
                "create",
                "--detach",
                "--name",
                "everywhere",
                "--mode",
                "global",
                "--no-resolve-image",
                TestImages.V1));

        eventually()
                .untilAsserted(() -> assertThat(HostContainer.running(skepd.nodeId(), "everywhere"))
                        .hasSize(1));
        // Stays at one: a global orchestrator that kept adding tasks would show up within a few seconds.
        eventually()
                .during(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(HostContainer.all(skepd.nodeId(), "everywhere"))
                        .hasSize(1));
        assertThat(ServiceTask.list(docker, "everywhere")).singleElement().satisfies(t -> {
            assertThat(t.isRunning()).isTrue();
            assertThat(t.node()).isEqualTo(skepd.nodeName());
            assertThat(t.name()).startsWith("everywhere." + skepd.nodeId());
        });
        assertThat(docker.ok("service", "ls", "--filter", "name=everywhere", "--format", "{{.Mode}} {{.Replicas}}")
                        .stdout()
                        .strip())
                .isEqualTo("global 1/1");
    }

    @Test
    @Order(4)
    void serviceWithoutImageIsRefused() {
        List<String> before = serviceList();

        CommandResult create = docker.run("service", "create", "--name", "noimage", "");

        assertRefusedByDaemon(create);
        assertNothingStored(before, "noimage");
    }

    @Test
    @Order(5)
    void negativeReplicasAreRefused() {
        List<String> before = serviceList();

        // The CLI refuses "-1" itself (unsigned flag) ...
        assertThat(docker.run("service", "create", "--name", "bad", "--replicas", "-1", TestImages.V1)
                        .exitCode())
                .isNotZero();
        // ... so the daemon's own check is reached with raw JSON.
        Curl.Response response = createRaw("""
                {"Name":"bad","Mode":{"Replicated":{"Replicas":-1}},"TaskTemplate":{"ContainerSpec":{"Image":"skep-busybox"}}}""");

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("\"message\"");
        assertNothingStored(before, "bad");
    }

    @Test
    @Order(6)
    void badConstraintIsRefused() {
        List<String> before = serviceList();

        CommandResult create = docker.run(
                "service",
                "create",
                "--name",
                "badc",
                "--no-resolve-image",
                "--constraint",
                "node.foo~=bar",
                TestImages.V1);

        assertRefusedByDaemon(create);
        assertThat(create.stderr()).containsIgnoringCase("constraint");
        assertNothingStored(before, "badc");
    }

    @Test
    @Order(7)
    void modeChangeOnUpdateIsRefused() throws Exception {
        List<String> before = serviceList();
        String inspected = docker.ok("service", "inspect", "--format", "{{json .}}", "shrink")
                .stdout();
        long version = JSON.readTree(inspected).path("Version").path("Index").asLong();
        ObjectNode spec = (ObjectNode) JSON.readTree(inspected).path("Spec");
        spec.putObject("Mode").putObject("Global");

        Curl.Response response = Curl.request(
                skepd.socket(),
                "POST",
                "/v1.45/services/shrink/update?version=" + version,
                JSON.writeValueAsString(spec));

        // Swarm answers 501 (gRPC Unimplemented) here; a 400 is as good: the client asked for something invalid.
        assertThat(response.status()).as(response.body()).isIn(400, 501);
        assertThat(response.body()).containsIgnoringCase("mode");
        String after = docker.ok("service", "inspect", "--format", "{{json .}}", "shrink")
                .stdout();
        assertThat(JSON.readTree(after).path("Version").path("Index").asLong()).isEqualTo(version);
        assertThat(JSON.readTree(after).path("Spec").path("Mode").has("Replicated"))
                .isTrue();
        assertThat(serviceList()).isEqualTo(before);
    }

    @Test
    @Order(8)
    void wronglyTypedFieldIsRefused() {
        List<String> before = serviceList();

        Curl.Response response = createRaw("""
                {"Name":"bad","Mode":{"Replicated":{"Replicas":"three"}},"TaskTemplate":{"ContainerSpec":{"Image":"skep-busybox"}}}""");

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("\"message\"");
        assertNothingStored(before, "bad");
    }

    @Test
    @Order(9)
    void duplicateNameIsRefused() {
        List<String> before = serviceList();

        CommandResult create = docker.run(
                "service", "create", "--name", "shrink", "--no-resolve-image", "--replicas", "3", TestImages.V1);

        assertRefusedByDaemon(create);
        assertThat(create.stderr()).contains("already exists");
        assertThat(serviceList()).isEqualTo(before);
        assertThat(docker.ok("service", "inspect", "--format", "{{.Spec.Mode.Replicated.Replicas}}", "shrink")
                        .stdout()
                        .strip())
                .isEqualTo("1");
    }

    @Test
    @Order(10)
    void updateAtAStaleVersionIsRefused() throws Exception {
        String inspected = docker.ok("service", "inspect", "--format", "{{json .}}", "shrink")
                .stdout();
        long version = JSON.readTree(inspected).path("Version").path("Index").asLong();
        ObjectNode spec = (ObjectNode) JSON.readTree(inspected).path("Spec");
        ((ObjectNode) spec.path("Mode").path("Replicated")).put("Replicas", 3);

        Curl.Response response = Curl.request(
                skepd.socket(),
                "POST",
                "/v1.45/services/shrink/update?version=" + (version - 1),
                JSON.writeValueAsString(spec));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("update out of sequence");
        assertThat(docker.ok(
                                "service",
                                "inspect",
                                "--format",
                                "{{.Version.Index}} {{.Spec.Mode.Replicated.Replicas}}",
                                "shrink")
                        .stdout()
                        .strip())
                .isEqualTo(version + " 1");
    }

    @Test
    @Order(11)
    void restartedSkepdAdoptsItsRunningContainers() {
        eventually()
                .untilAsserted(() -> assertThat(docker.ok("service", "ls", "--format", "{{.Replicas}}")
                                .lines())
                        .containsExactlyInAnyOrder("2/2", "1/1", "1/1"));
        List<String> services = serviceList();
        Map<String, String> runningTasks = runningTasksByName();
        List<HostContainer> running = HostContainer.running(skepd.nodeId(), null);
        List<HostContainer> all = HostContainer.all(skepd.nodeId(), null);
        String nodeId = skepd.nodeId();

        skepd.restart();

        assertThat(skepd.nodeId()).isEqualTo(nodeId);
        assertThat(serviceList()).isEqualTo(services);
        eventually().untilAsserted(() -> assertThat(runningTasksByName()).isEqualTo(runningTasks));
        // Adopted, not replaced: the same containers keep running and no new ones appear for a while.
        eventually()
                .during(Duration.ofSeconds(10))
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> {
                    assertThat(HostContainer.running(skepd.nodeId(), null))
                            .extracting(HostContainer::id)
                            .containsExactlyInAnyOrderElementsOf(
                                    running.stream().map(HostContainer::id).toList());
                    assertThat(HostContainer.all(skepd.nodeId(), null)).hasSameSizeAs(all);
                });
        assertThat(runningTasksByName()).isEqualTo(runningTasks);
    }

    private HostContainer containerOfSlot(String service, String slot) {
        return HostContainer.running(skepd.nodeId(), service).stream()
                .filter(c -> c.slotName().equals(slot))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no running container for " + slot));
    }

    /** Task name → task ID of every running task of every service. */
    private Map<String, String> runningTasksByName() {
        return docker.ok("service", "ls", "--format", "{{.Name}}").lines().stream()
                .flatMap(s -> ServiceTask.running(docker, s).stream())
                .collect(Collectors.toMap(ServiceTask::name, ServiceTask::id, (a, b) -> a + "," + b));
    }

    /** Every service as "id name", sorted. */
    private List<String> serviceList() {
        return docker.ok("service", "ls", "--format", "{{.ID}} {{.Name}}").lines().stream()
                .sorted()
                .toList();
    }

    private Curl.Response createRaw(String json) {
        return Curl.request(skepd.socket(), "POST", "/v1.45/services/create", json);
    }

    private static void assertRefusedByDaemon(CommandResult result) {
        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.timedOut()).isFalse();
        assertThat(result.stderr()).as(result.toString()).contains("Error response from daemon");
    }

    private void assertNothingStored(List<String> before, String name) {
        assertThat(serviceList()).isEqualTo(before);
        assertThat(docker.run("service", "inspect", name).exitCode()).isNotZero();
        assertThat(HostContainer.all(skepd.nodeId(), name)).isEmpty();
    }
}
