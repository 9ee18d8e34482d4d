package dev.skep.cluster.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.skep.api.dispatcher.LogSource;
import dev.skep.api.dispatcher.LogSource.LogOptions;
import dev.skep.api.json.Json;
import dev.skep.api.model.Cluster;
import dev.skep.api.model.Node;
import dev.skep.api.model.Task;
import dev.skep.api.time.SystemTimer;
import dev.skep.cluster.Channels;
import dev.skep.cluster.TestCa;
import dev.skep.cluster.Tls;
import dev.skep.cluster.dispatch.RemoteDispatcher;
import dev.skep.cluster.server.ClusterServer;
import dev.skep.manager.dispatcher.DispatcherService;
import dev.skep.store.MemoryStore;
import dev.skep.trust.RootCA;
import io.grpc.CallOptions;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code docker service logs} over the cluster port: a remote agent listens on the leader ("a") for log
 * subscriptions and publishes its tasks' lines; manager "b" (not leading) subscribes through "a". Real TLS
 * on loopback, a fake log source on the agent.
 */
class ClusterLogsTest {
    private static final LogOptions ONCE = new LogOptions(true, true, false, false, "all", 0, 0);
    private static final LogOptions FOLLOW = new LogOptions(true, true, true, false, "all", 0, 0);
    private static final String NODE = "w1";
    private final TestCa ca = new TestCa("cluster-1");
    private final SystemTimer timer = new SystemTimer();
    private final MemoryStore store = new MemoryStore(timer.clock());
    private final DispatcherService dispatcher = new DispatcherService(store, timer);
    /** Lines per task; a following read then waits until it is stopped, which counts down {@link #stopped}. */
    private final Map<String, List<String>> lines = Map.of("t1", List.of("one", "two"), "t2", List.of("three"));

    private final CountDownLatch stopped = new CountDownLatch(1);
    private ClusterServer a;
    private ClusterServer b;
    private String addrA;
    private RemoteDispatcher remote;

    @BeforeEach
    void start() throws Exception {
        store.update(tx -> {
            tx.create(new Cluster(
                    "cluster-1",
                    null,
                    null,
                    null,
                    new Cluster.Spec("default", Map.of(), null, null, null, null, null, null),
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
        a = server("m-a", true);
        b = server("m-b", false);
        addrA = "127.0.0.1:" + a.port();
        remote = new RemoteDispatcher(ca.node(NODE, RootCA.WORKER), List.of(addrA));
        remote.serveLogs(this::read);
        remote.session(NODE, new Node.Description("worker-host", null, null, null, null), m -> {});
        await().atMost(Duration.ofSeconds(10)).until(() -> a.logBroker().connected(NODE));
    }

    @AfterEach
    void stop() {
        remote.close();
        a.close();
        b.close();
        dispatcher.stop();
        timer.close();
    }

    private ClusterServer server(String nodeId, boolean leads) throws Exception {
        return ClusterServer.builder(ca.node(nodeId, RootCA.MANAGER))
                .listenAddr("127.0.0.1:0")
                .dispatcher(() -> leads ? dispatcher : null)
                .leaderAddr(() -> addrA)
                .build()
                .start();
    }

    private void read(Task task, LogOptions options, LogSource.LogSink sink) throws InterruptedException {
        for (String l : lines.getOrDefault(task.id(), List.of())) {
            if (!sink.line(task.id().equals("t2") ? 2 : 1, l.getBytes(StandardCharsets.UTF_8))) return;
        }
        if (!options.follow()) return;
        try {
            new CountDownLatch(1).await();
        } finally {
            stopped.countDown();
        }
    }

    @Test
    void theLeaderAndAnotherManagerBothShowTheLinesOfTasksOnARemoteNode() throws Exception {
        List<Task> tasks = List.of(task("t1", NODE), task("t2", NODE), task("t3", "not-connected"));

        List<String> problems = new ArrayList<>();
        assertThat(collect(a.logs(), tasks, ONCE, Integer.MAX_VALUE, problems))
                .containsExactlyInAnyOrder("t1:1:one", "t1:1:two", "t2:2:three")
                .containsSubsequence("t1:1:one", "t1:1:two");
        assertThat(problems).containsExactly("node not-connected is not available");
        problems.clear();
        assertThat(collect(b.logs(), tasks, ONCE, Integer.MAX_VALUE, problems))
                .containsExactlyInAnyOrder("t1:1:one", "t1:1:two", "t2:2:three");
        assertThat(problems).containsExactly("node not-connected is not available");
        assertThat(a.logBroker().openSubscriptions()).isZero();
    }

    @Test
    void whenAFollowingClientStopsTheAgentStopsReading() throws Exception {
        List<String> got = collect(b.logs(), List.of(task("t1", NODE)), FOLLOW, 1, new ArrayList<>());

        assertThat(got).containsExactly("t1:1:one");
        assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.logBroker().openSubscriptions() == 0);
    }

    @Test
    void interruptingAFollowingReaderCancelsTheSubscription() throws Exception {
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                b.logs()
                        .logs(
                                List.of(task("t1", NODE)),
                                FOLLOW,
                                (t, s, l) -> got.add(new String(l, StandardCharsets.UTF_8)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 2);

        reader.interrupt();

        assertThat(reader.join(Duration.ofSeconds(10))).isTrue();
        assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.logBroker().openSubscriptions() == 0);
    }

    @Test
    void aWorkerMayNotSubscribe() {
        try (Channels worker = new Channels(Tls.client(ca.node("w2", RootCA.WORKER)))) {
            var it = ClientCalls.blockingServerStreamingCall(
                    worker.get(addrA),
                    LogsProtocol.SUBSCRIBE,
                    CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                    new LogsProtocol.SubscribeRequest(List.of(task("t1", NODE)), ONCE));
            assertThatThrownBy(it::hasNext)
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        }
    }

    private static List<String> collect(
            ClusterLogs logs, List<Task> tasks, LogOptions options, int stopAfter, List<String> problems)
            throws InterruptedException {
        List<String> got = new ArrayList<>();
        problems.addAll(logs.logs(tasks, options, (taskId, stream, line) -> {
            got.add(taskId + ":" + stream + ":" + new String(line, StandardCharsets.UTF_8));
            return got.size() < stopAfter;
        }));
        return got;
    }

    private static Task task(String id, String nodeId) {
        return Json.read(
                "{\"ID\":\"" + id + "\",\"NodeID\":\"" + nodeId + "\",\"ServiceID\":\"svc\",\"Slot\":1}", Task.class);
    }
}
