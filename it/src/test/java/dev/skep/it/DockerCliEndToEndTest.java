package dev.skep.it;

import static dev.skep.it.Convergence.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The everyday Swarm workflow through the unmodified docker CLI against one skepd, in order; every step checks
 * what really happened on the host's dockerd (containers, labels, images, env) and what {@code service ps} says.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerCliEndToEndTest extends SingleSkepdTest {
    /** Prints a line we can find in the logs, then exits promptly on SIGTERM so updates don't wait out the grace period. */
    static final String[] COMMAND = {"sh", "-c", "trap 'exit 0' TERM; echo hello-$HOSTNAME; sleep 100000 & wait"};

    private static final Duration LONG = Duration.ofSeconds(240);

    /** For {@code docker events --since}: the class (hence skepd) starts after this. */
    private final long startedAt = Instant.now().getEpochSecond() - 1;

    /** The first test runs {@code docker swarm init} itself. */
    @Override
    protected boolean initSwarm() {
        return false;
    }

    @Test
    @Order(1)
    void swarmInit() {
        CommandResult init = docker.ok("swarm", "init");

        assertThat(init.stdout()).contains("Swarm initialized");
        assertThat(docker.ok("info", "--format", "{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}")
                        .stdout()
                        .strip())
                .isEqualTo("active true");
        assertThat(skepd.nodeId()).isNotBlank();
    }

    @Test
    @Order(2)
    void nodeLs() {
        List<String> rows = docker.ok(
                        "node",
                        "ls",
                        "--format",
                        "{{.ID}}|{{.Self}}|{{.Hostname}}|{{.Status}}|{{.Availability}}|{{.ManagerStatus}}")
                .lines();

        assertThat(rows).containsExactly(skepd.nodeId() + "|true|" + skepd.nodeName() + "|Ready|Active|Leader");
        assertThat(docker.ok("node", "ls").stdout()).contains("HOSTNAME", skepd.nodeName(), "Leader");
    }

    @Test
    @Order(3)
    void serviceCreateDetachedStartsThreeLabelledContainers() {
        CommandResult create =
                docker.ok("service", "create", "--detach", "--name", "web", "--replicas", "3", TestImages.V1);
        String serviceId = create.lines().getLast();

        eventually()
                .untilAsserted(() ->
                        assertThat(HostContainer.running(skepd.nodeId(), "web")).hasSize(3));
        List<HostContainer> containers = HostContainer.running(skepd.nodeId(), "web");
        assertThat(containers).allSatisfy(c -> {
            assertThat(c.image()).isEqualTo(TestImages.V1);
            assertThat(c.nodeId()).isEqualTo(skepd.nodeId());
        });
        assertThat(containers).extracting(HostContainer::slotName).containsExactlyInAnyOrder("web.1", "web.2", "web.3");
        assertThat(DockerCli.hostDockerd()
                        .ok(
                                "inspect",
                                "--format",
                                "{{index .Config.Labels \"com.docker.swarm.service.id\"}}",
                                containers.getFirst().id())
                        .stdout()
                        .strip())
                .isEqualTo(serviceId);
        eventually()
                .untilAsserted(() -> assertThat(ServiceTask.running(docker, "web"))
                        .extracting(ServiceTask::id)
                        .containsExactlyInAnyOrderElementsOf(
                                containers.stream().map(HostContainer::taskId).toList()));

        docker.ok("service", "rm", "web");
        eventually()
                .untilAsserted(() ->
                        assertThat(HostContainer.all(skepd.nodeId(), "web")).isEmpty());
    }

    @Test
    @Order(4)
    void serviceCreateAttachedPrintsProgressAndConverges() {
        CommandResult create = docker.ok(
                LONG,
                withCommand(
                        "service",
                        "create",
                        "--name",
                        "web",
                        "--replicas",
                        "3",
                        "--no-resolve-image",
                        "--update-parallelism",
                        "5",
                        "--rollback-parallelism",
                        "5",
                        TestImages.V1));

        assertThat(create.output())
                .contains("overall progress: 3 out of 3 tasks")
                .contains("converged");
        List<HostContainer> containers = HostContainer.running(skepd.nodeId(), "web");
        assertThat(containers).hasSize(3).allSatisfy(c -> assertThat(c.image()).isEqualTo(TestImages.V1));
    }

    @Test
    @Order(5)
    void serviceLsShowsThreeOfThree() {
        eventually()
                .untilAsserted(() -> assertThat(
                                docker.ok("service", "ls", "--format", "{{.Name}}|{{.Mode}}|{{.Replicas}}|{{.Image}}")
                                        .lines())
                        .containsExactly("web|replicated|3/3|" + TestImages.V1));
        assertThat(docker.ok("service", "ls").stdout()).containsPattern("(?m)^\\w+\\s+web\\s+replicated\\s+3/3\\s");
    }

    @Test
    @Order(6)
    void servicePsListsThreeRunningTasksOnThisNode() {
        List<ServiceTask> tasks = ServiceTask.list(docker, "web");

        assertThat(tasks).hasSize(3).allSatisfy(t -> {
            assertThat(t.isRunning()).as("running: %s", t).isTrue();
            assertThat(t.node()).isEqualTo(skepd.nodeName());
            assertThat(t.image()).startsWith(TestImages.V1);
        });
        assertThat(tasks).extracting(ServiceTask::name).containsExactlyInAnyOrder("web.1", "web.2", "web.3");
        assertThat(tasks)
                .extracting(ServiceTask::id)
                .containsExactlyInAnyOrderElementsOf(HostContainer.running(skepd.nodeId(), "web").stream()
                        .map(HostContainer::taskId)
                        .toList());
        assertThat(docker.ok("service", "ps", "web").stdout()).contains("DESIRED STATE", "web.1", "Running");
    }

    @Test
    @Order(7)
    void serviceScaleToTenRunsTenContainers() {
        docker.ok(LONG, "service", "scale", "web=10");

        eventually()
                .untilAsserted(() ->
                        assertThat(HostContainer.running(skepd.nodeId(), "web")).hasSize(10));
        eventually()
                .untilAsserted(() -> assertThat(ServiceTask.running(docker, "web"))
                        .extracting(ServiceTask::name)
                        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 10)
                                .mapToObj(i -> "web." + i)
                                .toList()));
        assertThat(docker.ok("service", "ls", "--format", "{{.Replicas}}", "--filter", "name=web")
                        .stdout()
                        .strip())
                .isEqualTo("10/10");
    }

    @Test
    @Order(8)
    void skepCliSeesWhatTheDockerCliSees() {
        CommandResult ls = skepd.skep("service", "ls").assertSuccess();
        CommandResult ps = skepd.skep("service", "ps", "web").assertSuccess();

        assertThat(ls.stdout()).containsPattern("(?m)^\\w+\\s+web\\s+replicated\\s+10/10\\s");
        assertThat(ps.lines().stream().filter(l -> l.matches("\\w+\\s+web\\.\\d+\\s.*Running\\s+Running.*")))
                .hasSize(10);
    }

    @Test
    @Order(9)
    void serviceUpdateImageMovesEveryContainerToV2() {
        docker.ok(LONG, "service", "update", "--image", TestImages.V2, "web");

        eventually()
                .untilAsserted(() -> assertThat(HostContainer.running(skepd.nodeId(), "web"))
                        .hasSize(10)
                        .allSatisfy(c -> assertThat(c.image()).isEqualTo(TestImages.V2)));
        eventually()
                .untilAsserted(() -> assertThat(ServiceTask.running(docker, "web"))
                        .hasSize(10)
                        .allSatisfy(t -> assertThat(t.image()).startsWith(TestImages.V2)));
    }

    @Test
    @Order(10)
    void serviceUpdateEnvAddReachesEveryContainer() {
        docker.ok(LONG, "service", "update", "--detach", "--env-add", "K=V", "web");

        eventually(LONG)
                .untilAsserted(() -> assertThat(HostContainer.running(skepd.nodeId(), "web"))
                        .hasSize(10)
                        .allSatisfy(c -> assertThat(c.env()).contains("K=V")));
    }

    @Test
    @Order(11)
    void serviceRollbackRemovesTheEnvAgain() {
        docker.ok(LONG, "service", "rollback", "web");

        eventually(LONG)
                .untilAsserted(() -> assertThat(HostContainer.running(skepd.nodeId(), "web"))
                        .hasSize(10)
                        .allSatisfy(c -> {
                            assertThat(c.env()).noneMatch(e -> e.startsWith("K="));
                            assertThat(c.image()).isEqualTo(TestImages.V2);
                        }));
        assertThat(docker.ok("service", "inspect", "--format", "{{json .Spec.TaskTemplate.ContainerSpec.Env}}", "web")
                        .stdout())
                .doesNotContain("K=V");
    }

    @Test
    @Order(12)
    void serviceLogsShowEveryRunningTasksOutput() {
        List<HostContainer> running = HostContainer.running(skepd.nodeId(), "web");
        Set<String> expected =
                running.stream().map(c -> "hello-" + c.hostname()).collect(Collectors.toSet());

        eventually().untilAsserted(() -> {
            CommandResult logs = docker.ok("service", "logs", "web");
            List<String> lines = logs.lines();
            assertThat(lines)
                    .allSatisfy(
                            l -> assertThat(l).matches("web\\.\\d+\\.\\w+@" + skepd.nodeName() + "\\s+\\| hello-\\w+"));
            assertThat(lines.stream().map(l -> l.substring(l.indexOf("| ") + 2)).collect(Collectors.toSet()))
                    .containsAll(expected);
        });
    }

    @Test
    @Order(13)
    void serviceLogsFollowPicksUpTasksStartedLater() throws Exception {
        Path out = Files.createTempFile("skep-logs-follow", ".txt");
        Process follow = new ProcessBuilder("docker", "-H", docker.host(), "service", "logs", "--follow", "web")
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        try {
            docker.ok("service", "scale", "--detach", "web=11");
            eventually(LONG)
                    .untilAsserted(() -> assertThat(HostContainer.running(skepd.nodeId(), "web"))
                            .hasSize(11));
            // The eleventh task started after the stream opened: Swarm's broker follows new tasks too.
            Set<String> all = HostContainer.running(skepd.nodeId(), "web").stream()
                    .map(c -> "hello-" + c.hostname())
                    .collect(Collectors.toSet());
            eventually().untilAsserted(() -> assertThat(Files.readString(out)).contains(all));
            assertThat(follow.isAlive()).as("a following stream stays open").isTrue();
        } finally {
            follow.destroy();
            follow.waitFor();
            Files.deleteIfExists(out);
            docker.ok("service", "scale", "--detach", "web=10");
        }
        eventually(LONG)
                .untilAsserted(() ->
                        assertThat(HostContainer.running(skepd.nodeId(), "web")).hasSize(10));
    }

    @Test
    @Order(14)
    void serviceInspectPretty() {
        String pretty = docker.ok("service", "inspect", "--pretty", "web").stdout();

        assertThat(pretty)
                .containsPattern("Name:\\s+web\\n")
                .containsPattern("Service Mode:\\s+Replicated")
                .containsPattern("Replicas:\\s+10\\n")
                .containsPattern("Image:\\s+" + TestImages.V2.replace(".", "\\."))
                .contains("hello-$HOSTNAME");
    }

    @Test
    @Order(15)
    void serviceRmRemovesEveryContainer() {
        assertThat(docker.ok("service", "rm", "web").stdout().strip()).isEqualTo("web");

        eventually(Duration.ofSeconds(60))
                .untilAsserted(() ->
                        assertThat(HostContainer.all(skepd.nodeId(), "web")).isEmpty());
        assertThat(docker.ok("service", "ls", "-q").lines()).isEmpty();
        CommandResult ps = docker.run("service", "ps", "web");
        assertThat(ps.exitCode()).isNotZero();
        assertThat(ps.stderr()).contains("no such service");
    }

    @Test
    @Order(16)
    void aServiceRemovedWhileItsTasksAreStillBeingPlacedIsRemoved() {
        docker.ok(
                "service",
                "create",
                "--detach",
                "--no-resolve-image",
                "--name",
                "quick",
                "--replicas",
                "5",
                TestImages.V1);

        assertThat(docker.ok("service", "rm", "quick").stdout().strip()).isEqualTo("quick");
        eventually(Duration.ofSeconds(60))
                .untilAsserted(() ->
                        assertThat(HostContainer.all(skepd.nodeId(), "quick")).isEmpty());
    }

    @Test
    @Order(17)
    void eventsTellWhatHappenedToServicesAndNodes() {
        long until = Instant.now().getEpochSecond() + 1;

        List<String> events = docker.ok(
                        "events",
                        "--since",
                        Long.toString(startedAt),
                        "--until",
                        Long.toString(until),
                        "--format",
                        "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}")
                .lines();
        List<String> services = docker.ok(
                        "events",
                        "--since",
                        Long.toString(startedAt),
                        "--until",
                        Long.toString(until),
                        "--filter",
                        "type=service",
                        "--filter",
                        "service=web",
                        "--format",
                        "{{.Action}} {{index .Actor.Attributes \"replicas.new\"}}")
                .lines();

        assertThat(events)
                .contains(
                        "node create " + skepd.nodeName(),
                        "service create web",
                        "service remove web",
                        "service create quick",
                        "service remove quick");
        // the node's own engine events come in the same stream, as from a Swarm manager's dockerd
        assertThat(events).anySatisfy(l -> assertThat(l).matches("container destroy web\\.\\d+\\.\\w+"));
        assertThat(docker.ok(
                                "events",
                                "--since",
                                Long.toString(startedAt),
                                "--until",
                                Long.toString(until),
                                "--filter",
                                "type=service",
                                "--format",
                                "{{.Type}}")
                        .lines())
                .containsOnly("service");
        assertThat(services).first().isEqualTo("create");
        assertThat(services).contains("update 10").last().isEqualTo("remove");
    }

    static String[] withCommand(String... args) {
        return Stream.concat(Arrays.stream(args), Arrays.stream(COMMAND)).toArray(String[]::new);
    }
}
