package dev.skep.cluster.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skep.agent.Agent;
import dev.skep.agent.exec.sim.SimExecutor;
import dev.skep.api.json.Json;
import dev.skep.api.model.Cluster;
import dev.skep.api.model.Ids;
import dev.skep.api.model.Node;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskSpec;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.time.SystemTimer;
import dev.skep.cluster.ManagerPeer;
import dev.skep.cluster.TestCa;
import dev.skep.cluster.server.ClusterServer;
import dev.skep.manager.dispatcher.DispatcherService;
import dev.skep.store.MemoryStore;
import dev.skep.trust.RootCA;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real agent on a "remote" node talking to a real dispatcher through two cluster servers over TLS on
 * loopback. Both servers front the same dispatcher; only the one that "leads" serves it, the other redirects.
 */
class RemoteAgentTest {
    private static final Duration HEARTBEAT = Duration.ofMillis(300);
    private static final String NODE = "w1";
    private final TestCa ca = new TestCa("cluster-1");
    private final SystemTimer timer = new SystemTimer();
    private final MemoryStore store = new MemoryStore(timer.clock());
    private final DispatcherService dispatcher = new DispatcherService(store, timer);
    private final AtomicReference<String> leader = new AtomicReference<>("a");
    private final SimExecutor sim = new SimExecutor(timer, SimExecutor.Config.defaults("worker-host"));
    private ClusterServer a;
    private ClusterServer b;
    private String addrA;
    private String addrB;
    private RemoteDispatcher remote;
    private Agent agent;

    @BeforeEach
    void start() throws Exception {
        store.update(tx -> {
            tx.create(new Cluster(
                    "cluster-1",
                    null,
                    null,
                    null,
                    new Cluster.Spec(
                            "default",
                            Map.of(),
                            null,
                            null,
                            new Cluster.Dispatcher(HEARTBEAT.toNanos()),
                            null,
                            null,
                            null),
                    null,
                    false,
                    4789L,
                    List.of("10.0.0.0/8"),
                    24L,
                    null));
            // The worker joined (the CA records every node): the dispatcher takes sessions only from known nodes.
            tx.create(new Node(
                    NODE,
                    null,
                    null,
                    null,
                    new Node.Spec(null, Map.of(), "worker", "active"),
                    null,
                    new Node.Status("unknown", null, null),
                    null));
        });
        dispatcher.start();
        a = server("a", "m-a");
        b = server("b", "m-b");
        addrA = "127.0.0.1:" + a.port();
        addrB = "127.0.0.1:" + b.port();
        // The worker knows B first, which does not lead: it must follow the redirect to A.
        remote = new RemoteDispatcher(ca.node(NODE, RootCA.WORKER), List.of(addrB, addrA));
        agent = new Agent(NODE, remote, sim, timer);
        remote.onSessionEnded(agent::sessionLost);
        agent.start();
    }

    @AfterEach
    void stop() {
        agent.stop();
        remote.close();
        a.close();
        b.close();
        dispatcher.stop();
        timer.close();
    }

    private ClusterServer server(String name, String nodeId) throws Exception {
        return ClusterServer.builder(ca.node(nodeId, RootCA.MANAGER))
                .listenAddr("127.0.0.1:0")
                .dispatcher(() -> name.equals(leader.get()) ? dispatcher : null)
                .leaderAddr(() -> "a".equals(leader.get()) ? addrA : addrB)
                .managers(() -> List.of(
                        new ManagerPeer("m-a", addrA, "a".equals(leader.get())),
                        new ManagerPeer("m-b", addrB, "b".equals(leader.get()))))
                .build()
                .start();
    }

    @Test
    void registrationMakesTheNodeReadyWithItsAddressAfterFollowingTheRedirect() {
        await().atMost(Duration.ofSeconds(10)).until(() -> "ready".equals(nodeState()));

        Node node = store.view(tx -> tx.nodes().get(NODE));
        assertThat(node.description().hostname()).isEqualTo("worker-host");
        assertThat(node.status().addr()).isEqualTo("127.0.0.1");
        assertThat(remote.connectedManager()).isEqualTo(addrA);
        assertThat(remote.managers()).containsExactly(addrA, addrB);
    }

    @Test
    void assignedTaskRunsThroughTheNetworkAndHeartbeatsKeepTheNodeReady() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> "ready".equals(nodeState()));
        String session = agent.sessionId();
        Task task = assign();

        await().atMost(Duration.ofSeconds(10)).until(() -> storedState(task.id()) == TaskState.RUNNING);

        // Ten heartbeat periods later (a node goes down after three missed) it is still ready, same session.
        Thread.sleep(HEARTBEAT.multipliedBy(10).toMillis());
        assertThat(nodeState()).isEqualTo("ready");
        assertThat(agent.sessionId()).isEqualTo(session);
    }

    @Test
    void whenTheLeaderGoesAwayTheAgentMovesToTheNewLeaderWithoutRestartingTasks() {
        await().atMost(Duration.ofSeconds(10)).until(() -> "ready".equals(nodeState()));
        Task task = assign();
        await().atMost(Duration.ofSeconds(10)).until(() -> storedState(task.id()) == TaskState.RUNNING);
        TaskStatus running = store.view(tx -> tx.tasks().get(task.id())).status();
        String oldSession = agent.sessionId();

        leader.set("b");
        a.close();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> addrB.equals(remote.connectedManager())
                        && agent.sessionId() != null
                        && !agent.sessionId().equals(oldSession));
        await().atMost(Duration.ofSeconds(10)).until(() -> "ready".equals(nodeState()));
        assertThat(sim.state(task.id())).isEqualTo(SimExecutor.SimState.RUNNING);
        assertThat(sim.containerCount()).isEqualTo(1);
        assertThat(store.view(tx -> tx.tasks().get(task.id())).status()).isEqualTo(running);
        assertThat(agent.taskStatus(task.id()).state()).isEqualTo(TaskState.RUNNING);

        // The new session carries new work too.
        Task second = assign();
        await().atMost(Duration.ofSeconds(10)).until(() -> storedState(second.id()) == TaskState.RUNNING);
        assertThat(sim.containerCount()).isEqualTo(2);
    }

    private Task assign() {
        TaskSpec spec = Json.read("{\"ContainerSpec\":{\"Image\":\"busybox\"}}", TaskSpec.class);
        Task task = new Task(
                Ids.newId(),
                null,
                Instant.now(),
                Instant.now(),
                null,
                Map.of("com.docker.swarm.service.name", "web"),
                spec,
                null,
                "svc-web",
                1L,
                NODE,
                TaskStatus.of(Instant.now(), TaskState.ASSIGNED, "scheduler assigned task to node"),
                TaskState.RUNNING,
                null,
                null);
        store.update(tx -> tx.create(task));
        return task;
    }

    private String nodeState() {
        Node n = store.view(tx -> tx.nodes().get(NODE));
        return n == null || n.status() == null ? null : n.status().state();
    }

    private TaskState storedState(String taskId) {
        Task t = store.view(tx -> tx.tasks().get(taskId));
        return t == null || t.status() == null ? null : t.status().state();
    }
}
