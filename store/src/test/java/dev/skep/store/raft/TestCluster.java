package dev.skep.store.raft;

import static org.awaitility.Awaitility.await;

import dev.skep.store.MemoryStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/** Raft members in one JVM on loopback ports, each with its own directory and store. */
final class TestCluster implements AutoCloseable {
    /** One member: its config, and its store and Raft while it runs. */
    static final class Node {
        final RaftConfig config;
        MemoryStore store;
        RaftStore raft;
        final List<Boolean> leadership = new CopyOnWriteArrayList<>();

        Node(RaftConfig config) {
            this.config = config;
        }

        String id() {
            return config.peerId();
        }

        boolean running() {
            return raft != null;
        }

        void watchLeadership() {
            raft.addLeadershipListener(leadership::add);
        }
    }

    private final Path dir;
    private final Clock clock;
    private final UnaryOperator<RaftConfig> tune;
    final Map<String, Node> nodes = new LinkedHashMap<>();

    TestCluster(Path dir, Clock clock, UnaryOperator<RaftConfig> tune) {
        this.dir = dir;
        this.clock = clock;
        this.tune = tune;
    }

    /** Starts {@code size} members: the first makes the group, the others join one after another. */
    static TestCluster start(Path dir, Clock clock, int size, UnaryOperator<RaftConfig> tune) throws IOException {
        TestCluster c = new TestCluster(dir, clock, tune);
        c.first("m1");
        for (int i = 2; i <= size; i++) c.join("m" + i);
        return c;
    }

    Node first(String id) throws IOException {
        Node n = new Node(tune.apply(RaftConfig.single(dir.resolve(id), id, address(), true)));
        nodes.put(id, n);
        run(n, n.config);
        return n;
    }

    /** Starts a joining member and has the leader add it. */
    Node join(String id) throws IOException {
        Node n = startJoining(id, UnaryOperator.identity());
        leader().raft.addMember(n.config.self());
        n.raft.awaitJoined(Duration.ofSeconds(20));
        return n;
    }

    Node startJoining(String id, UnaryOperator<RaftConfig> more) throws IOException {
        List<RaftConfig.Peer> members = running().stream().map(m -> m.config.self()).toList();
        // The group the running members are in now (force-new-cluster makes a new one).
        String group = running().get(0).raft.groupId().getUuid().toString();
        Node n = new Node(more.apply(tune.apply(RaftConfig.joining(dir.resolve(id), id, address(), group,
                members))));
        nodes.put(id, n);
        run(n, n.config);
        return n;
    }

    private void run(Node n, RaftConfig config) throws IOException {
        n.store = new MemoryStore(clock);
        n.raft = RaftStore.start(n.store, config);
        n.watchLeadership();
    }

    /** Stops a member abruptly, as a crash would (its directory stays). */
    void kill(Node n) throws IOException {
        n.raft.close();
        n.raft = null;
    }

    /** Restarts a stopped member from its directory, knowing the group's current members. */
    void restart(Node n) throws IOException {
        List<RaftConfig.Peer> members = nodes.values().stream().map(m -> m.config.self()).toList();
        n.leadership.clear();
        run(n, n.config.withStartup(RaftConfig.Startup.RESTART).withPeers(members).withGroupId(null));
    }

    List<Node> running() {
        return nodes.values().stream().filter(Node::running).toList();
    }

    Node node(String id) {
        return Objects.requireNonNull(nodes.get(id), id);
    }

    /** The member that leads now, waiting for one to be elected. */
    Node leader() {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10))
                .until(this::currentLeader, Objects::nonNull);
    }

    private Node currentLeader() {
        return running().stream().filter(n -> n.raft.isLeader()).findFirst().orElse(null);
    }

    List<Node> followers() {
        Node leader = leader();
        return running().stream().filter(n -> n != leader).toList();
    }

    static String address() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Node n : new ArrayList<>(nodes.values())) {
            if (n.raft == null) continue;
            try {
                n.raft.close();
            } catch (IOException | RuntimeException e) {
                // Closing the rest matters more.
            }
            n.raft = null;
        }
    }
}
