package dev.skep.it.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skep.it.CommandResult;
import dev.skep.it.SkepLogOnFailure;
import dev.skep.it.SkepProcess;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #3 end to end with several skepd processes ({@code --executor sim}): joining with tokens through the docker
 * CLI and the skep CLI, refused tokens, token rotation, Leader/Reachable/Unreachable in {@code node ls}, leader
 * failover with a worker's tasks undisturbed, a restarted manager catching up, and 5 managers losing 2 and then 3.
 * The steps run in order on one cluster; the 5-manager steps start their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HaEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(20);
    private static final String IMAGE = "busybox:latest";

    private SkepCluster cluster;
    private SkepProcess m1;
    private SkepProcess m2;
    private SkepProcess m3;
    private SkepProcess worker;
    private SkepProcess killed;
    private final List<String> workerTaskIds = new ArrayList<>();

    @RegisterExtension
    final SkepLogOnFailure logsOnFailure =
            SkepLogOnFailure.forLogs(() -> cluster == null ? null : "logs:" + cluster.logTails());

    @BeforeAll
    void startDaemons() {
        cluster = SkepCluster.startDaemons(3, 1);
        m1 = cluster.managers().get(0);
        m2 = cluster.managers().get(1);
        m3 = cluster.managers().get(2);
        worker = cluster.workers().getFirst();
        cluster.init();
    }

    @AfterAll
    void stopDaemons() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void joinWithAWrongSecretIsRefusedAndNothingJoins() {
        String token = cluster.joinToken("manager");
        String wrong = token.substring(0, token.lastIndexOf('-') + 1) + "0123456789abcdefghijklmno";

        CommandResult join = worker.docker().run("swarm", "join", "--token", wrong, m1.clusterAddr());

        assertThat(join.succeeded()).as("%s", join).isFalse();
        assertThat(join.stderr()).containsIgnoringCase("token");
        assertThat(worker.docker()
                        .ok("info", "--format", "{{.Swarm.LocalNodeState}}")
                        .stdout()
                        .strip())
                .isEqualTo("inactive");
        assertThat(hostnames(m1)).containsExactly(m1.nodeName());
    }

    @Test
    @Order(2)
    void joinWithATokenForAnotherRootCaIsRefused() {
        String token = cluster.joinToken("manager");
        String[] parts = token.split("-");
        parts[2] = parts[2].substring(0, parts[2].length() - 4) + "zzzz";

        CommandResult join = worker.docker().run("swarm", "join", "--token", String.join("-", parts), m1.clusterAddr());

        assertThat(join.succeeded()).as("%s", join).isFalse();
        assertThat(join.stderr()).isNotBlank();
        assertThat(hostnames(m1)).containsExactly(m1.nodeName());
    }

    @Test
    @Order(3)
    void managersJoinThroughTheDockerCliAndTheSkepCli() {
        String token = cluster.joinToken("manager");

        CommandResult dockerJoin = m2.docker().run("swarm", "join", "--token", token, m1.clusterAddr());
        CommandResult skepJoin = m3.skep("swarm", "join", "--token", token, m1.clusterAddr());

        assertThat(dockerJoin.succeeded()).as("%s", dockerJoin).isTrue();
        assertThat(dockerJoin.stdout()).contains("This node joined a swarm as a manager");
        assertThat(skepJoin.succeeded()).as("%s", skepJoin).isTrue();
        eventually().untilAsserted(() -> {
            for (SkepProcess m : cluster.managers()) {
                assertThat(managerStatuses(m))
                        .containsOnlyKeys(m1.nodeName(), m2.nodeName(), m3.nodeName())
                        .containsEntry(m1.nodeName(), "Leader")
                        .containsEntry(m2.nodeName(), "Reachable")
                        .containsEntry(m3.nodeName(), "Reachable");
            }
        });
    }

    @Test
    @Order(4)
    void rotatingTheWorkerTokenMakesTheOldOneFail() {
        String old = cluster.joinToken("worker");

        m2.docker().ok("swarm", "join-token", "--rotate", "worker");
        CommandResult withOld = worker.docker().run("swarm", "join", "--token", old, m3.clusterAddr());
        String fresh = cluster.joinToken("worker");
        CommandResult withNew = worker.docker().run("swarm", "join", "--token", fresh, m3.clusterAddr());

        assertThat(fresh).isNotEqualTo(old);
        assertThat(withOld.succeeded()).as("%s", withOld).isFalse();
        assertThat(withNew.succeeded()).as("%s", withNew).isTrue();
        assertThat(withNew.stdout()).contains("This node joined a swarm as a worker");
        eventually()
                .untilAsserted(() -> assertThat(managerStatuses(m1))
                        .containsEntry(worker.nodeName(), "")
                        .hasSize(4));
    }

    @Test
    @Order(5)
    void workerRunsTasksBeforeTheFailover() {
        m1.docker().ok("swarm", "update", "--dispatcher-heartbeat", "1s");
        m3.docker()
                .ok(
                        "service",
                        "create",
                        "--detach",
                        "--no-resolve-image",
                        "--name",
                        "on-worker",
                        "--replicas",
                        "3",
                        "--constraint",
                        "node.role==worker",
                        IMAGE);

        eventually()
                .untilAsserted(() -> assertThat(runningTasks(m1, "on-worker")).hasSize(3));
        workerTaskIds.addAll(runningTasks(m1, "on-worker"));
    }

    @Test
    @Order(6)
    void killingTheLeaderElectsAnotherThatAcceptsWritesThroughAnyManager() {
        SkepProcess leader = cluster.awaitLeader(Duration.ofSeconds(30));
        killed = leader;

        leader.kill();

        SkepProcess next = cluster.awaitLeader(Duration.ofSeconds(60));
        assertThat(next).isNotSameAs(killed);
        for (SkepProcess m : cluster.liveManagers()) {
            createEventually(m, "after-" + m.nodeName(), 1);
        }
        for (SkepProcess m : cluster.liveManagers()) {
            eventually()
                    .untilAsserted(() -> assertThat(managerStatuses(m))
                            .containsEntry(killed.nodeName(), "Unreachable")
                            .containsEntry(next.nodeName(), "Leader"));
        }
    }

    @Test
    @Order(7)
    void theKilledManagerGoesDownAfterTheHeartbeatGracePeriod() {
        SkepProcess survivor = cluster.anyLiveManager();
        eventually()
                .untilAsserted(() -> assertThat(survivor.docker()
                                .ok("node", "ls", "--format", "{{.Hostname}} {{.Status}}")
                                .lines())
                        .contains(killed.nodeName() + " Down"));
    }

    @Test
    @Order(8)
    void theWorkersTasksKeepRunningAcrossTheLeaderChange() {
        SkepProcess survivor = cluster.anyLiveManager();
        eventually()
                .untilAsserted(() -> assertThat(runningTasks(survivor, "on-worker"))
                        .containsExactlyInAnyOrderElementsOf(workerTaskIds));
    }

    @Test
    @Order(9)
    void theRestartedManagerRejoinsWithAllServices() {
        List<String> expected = serviceNames(cluster.anyLiveManager());
        assertThat(expected)
                .contains("on-worker", "after-" + cluster.anyLiveManager().nodeName());

        killed.restart();

        eventually().untilAsserted(() -> {
            assertThat(managerStatuses(killed)).containsEntry(killed.nodeName(), "Reachable");
            assertThat(serviceNames(killed)).containsExactlyInAnyOrderElementsOf(expected);
        });
        for (SkepProcess m : cluster.managers()) {
            eventually()
                    .untilAsserted(() -> assertThat(managerStatuses(m).values())
                            .containsExactlyInAnyOrder("Leader", "Reachable", "Reachable", ""));
        }
        assertThat(createService(killed, "through-restarted", 0).status()).isEqualTo(201);
        assertThat(runningTasks(killed, "on-worker")).containsExactlyInAnyOrderElementsOf(workerTaskIds);
    }

    @Test
    @Order(10)
    void fiveManagersTolerateTwoLossesAndRefuseWritesWithoutQuorum() {
        cluster.close();
        cluster = SkepCluster.start(5, 0);
        List<SkepProcess> five = cluster.managers();
        SkepProcess leader = cluster.awaitLeader(Duration.ofSeconds(60));

        leader.kill();
        cluster.awaitLeader(Duration.ofSeconds(60)).kill();

        assertThat(cluster.liveManagers()).hasSize(3);
        for (SkepProcess m : cluster.liveManagers()) {
            createEventually(m, "three-of-five-" + m.nodeName(), 0);
        }

        cluster.awaitLeader(Duration.ofSeconds(60)).kill();
        SkepProcess survivor = cluster.anyLiveManager();
        Instant start = Instant.now();
        UnixHttp.Response refused = createService(survivor, "without-quorum", 0);
        Duration took = Duration.between(start, Instant.now());

        assertThat(refused.status()).as("%s after %s", refused, took).isEqualTo(503);
        assertThat(five.stream().filter(SkepProcess::isAlive)).hasSize(2);
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(90)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500));
    }

    /**
     * Creates the service through this manager, retrying while the cluster recovers. A create that failed as
     * unavailable (5xx, or no answer: status 0) has an unknown outcome: it may still commit once a leader is elected, as with
     * any timed-out write. A later 409 then proves it did, and only then is a name conflict accepted.
     */
    private static void createEventually(SkepProcess manager, String name, int replicas) {
        List<Integer> attempts = new ArrayList<>();
        eventually().untilAsserted(() -> {
            int status = createService(manager, name, replicas).status();
            boolean earlierOutcomeUnknown = attempts.stream().anyMatch(a -> a == 0 || a >= 500);
            attempts.add(status);
            if (status == 409 && earlierOutcomeUnknown) return;
            assertThat(status)
                    .as("create %s through %s, attempts %s", name, manager.nodeName(), attempts)
                    .isEqualTo(201);
        });
        assertThat(serviceNames(manager)).contains(name);
    }

    private static UnixHttp.Response createService(SkepProcess manager, String name, int replicas) {
        String spec = "{\"Name\":\"" + name + "\",\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"" + IMAGE + "\"}},"
                + "\"Mode\":{\"Replicated\":{\"Replicas\":" + replicas + "}}}";
        return UnixHttp.post(manager.socket(), "/services/create", spec, HTTP_TIMEOUT);
    }

    private static JsonNode getJson(SkepProcess manager, String path) {
        UnixHttp.Response response = UnixHttp.get(manager.socket(), path, HTTP_TIMEOUT);
        assertThat(response.status())
                .as("GET %s on %s: %s", path, manager.nodeName(), response.body())
                .isEqualTo(200);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Host name → MANAGER STATUS column ("Leader", "Reachable", "Unreachable", or "" for workers). */
    private static Map<String, String> managerStatuses(SkepProcess manager) {
        Map<String, String> out = new TreeMap<>();
        for (String row : manager.docker()
                .ok("node", "ls", "--format", "{{.Hostname}}|{{.ManagerStatus}}")
                .lines()) {
            String[] cells = row.split("\\|", -1);
            out.put(cells[0], cells[1]);
        }
        return out;
    }

    private static List<String> hostnames(SkepProcess manager) {
        return manager.docker().ok("node", "ls", "--format", "{{.Hostname}}").lines();
    }

    private static List<String> serviceNames(SkepProcess manager) {
        List<String> names = new ArrayList<>();
        getJson(manager, "/services")
                .forEach(s -> names.add(s.path("Spec").path("Name").asText()));
        return names;
    }

    /** IDs of the service's tasks whose observed state is running. */
    private static List<String> runningTasks(SkepProcess manager, String serviceName) {
        String serviceId = null;
        for (JsonNode s : getJson(manager, "/services")) {
            if (s.path("Spec").path("Name").asText().equals(serviceName)) {
                serviceId = s.path("ID").asText();
            }
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode t : getJson(manager, "/tasks")) {
            if (t.path("ServiceID").asText().equals(serviceId)
                    && t.path("Status").path("State").asText().equals("running")) {
                ids.add(t.path("ID").asText());
            }
        }
        return ids;
    }
}
