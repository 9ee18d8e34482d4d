package dev.skep.store.raft.testing;

import dev.skep.store.MemoryStore;
import dev.skep.store.raft.RaftConfig;
import dev.skep.store.raft.RaftStore;
import dev.skep.trust.DataKeys;
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

/**
 * Raft members in one JVM on loopback ports, each with its own directory and {@link MemoryStore} over real Ratis:
 * the store's cluster tests and the scale benchmark's managers. A member can be killed (closed abruptly, its
 * directory kept) and restarted on the same directory and port; Raft's messages between members can be cut one
 * way or both ({@link #cut}, {@link #partition}, {@link #isolate}) and healed.
 *
 * <p>It lives in the store's main code rather than a test-jar: the benchmark is main code that {@code bench/scale.sh}
 * runs from {@code target/classes} with its runtime dependencies, and a test-jar would need a packaging step in the
 * reactor before any module could compile against it.
 */
public final class RaftCluster implements AutoCloseable {
    /** How long a member may take to be elected, join or catch up: generous, for a loaded 2-core machine. */
    public static final Duration PATIENCE = Duration.ofSeconds(30);

    /** One member: its config, and its store and Raft while it runs. */
    public static final class Node {
        private final RaftConfig config;
        private MemoryStore store;
        private RaftStore raft;
        private final List<Boolean> leadership = new CopyOnWriteArrayList<>();
        /** Its own copy of the data keys (as a manager keeps them in its state), or null for a log in clear. */
        private final DataKeys keys;

        Node(RaftConfig config, DataKeys keys) {
            this.config = config;
            this.keys = keys;
        }

        /** The data keys it seals its log and snapshots with, or null. */
        public DataKeys keys() {
            return keys;
        }

        public String id() {
            return config.peerId();
        }

        public RaftConfig config() {
            return config;
        }

        /** Its store: the last one it ran with, when it is not running. */
        public MemoryStore store() {
            return store;
        }

        /** Its Raft member, or null while it is not running. */
        public RaftStore raft() {
            return raft;
        }

        /** What its leadership listener heard since it last started (true: leads, false: stopped leading). */
        public List<Boolean> leadership() {
            return leadership;
        }

        public boolean running() {
            return raft != null;
        }
    }

    private final Path dir;
    private final Clock clock;
    private final UnaryOperator<RaftConfig> tune;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private DataKeys encryption;

    /** An empty cluster: members live under {@code dir}, their stores run on {@code clock}, {@code tune} sets them. */
    public RaftCluster(Path dir, Clock clock, UnaryOperator<RaftConfig> tune) {
        this.dir = dir;
        this.clock = clock;
        this.tune = tune;
    }

    /** Starts {@code size} members m1…mN: the first makes the group, the others join one after another. */
    public static RaftCluster start(Path dir, Clock clock, int size, UnaryOperator<RaftConfig> tune)
            throws IOException {
        return start(dir, clock, size, tune, null);
    }

    /**
     * As {@link #start(Path, Clock, int, UnaryOperator)}, the members' logs and snapshots sealed under a copy of
     * {@code keys} each (a joining member copies a running member's, as a manager gets them when it joins).
     */
    public static RaftCluster start(Path dir, Clock clock, int size, UnaryOperator<RaftConfig> tune, DataKeys keys)
            throws IOException {
        RaftCluster c = new RaftCluster(dir, clock, tune);
        c.encryption = keys;
        try {
            c.first("m1");
            for (int i = 2; i <= size; i++) c.join("m" + i);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Starts the member that makes a new group, and returns once it leads. */
    public Node first(String id) throws IOException {
        Node n = add(tune.apply(RaftConfig.single(dir.resolve(id), id, freeAddress(), true)), copy(encryption));
        run(n, n.config);
        return n;
    }

    /** Starts a joining member and has the leader add it. */
    public Node join(String id) throws IOException {
        Node n = startJoining(id, UnaryOperator.identity());
        leader().raft.addMember(n.config.self());
        n.raft.awaitJoined(PATIENCE);
        return n;
    }

    /** Starts a member that waits to be added to the running members' group; {@code more} tunes it further. */
    public Node startJoining(String id, UnaryOperator<RaftConfig> more) throws IOException {
        List<RaftConfig.Peer> members =
                running().stream().map(m -> m.config.self()).toList();
        // The group the running members are in now (force-new-cluster makes a new one).
        String group = running().get(0).raft.groupId().getUuid().toString();
        Node n = add(
                more.apply(tune.apply(RaftConfig.joining(dir.resolve(id), id, freeAddress(), group, members))),
                copy(running().get(0).keys));
        run(n, n.config);
        return n;
    }

    private static DataKeys copy(DataKeys keys) {
        return keys == null ? null : DataKeys.fromBytes(keys.toBytes());
    }

    private Node add(RaftConfig config, DataKeys keys) {
        Node n = new Node(config, keys);
        if (nodes.putIfAbsent(n.id(), n) != null) throw new IllegalArgumentException("member exists: " + n.id());
        return n;
    }

    private void run(Node n, RaftConfig config) throws IOException {
        n.store = new MemoryStore(clock);
        n.raft = RaftStore.start(n.store, config, n.keys);
        n.raft.addLeadershipListener(n.leadership::add);
    }

    /** Stops a member abruptly, as a crash would: no hand-over, no snapshot on the way out; its directory stays. */
    public void kill(Node n) throws IOException {
        RaftStore raft = n.raft;
        n.raft = null;
        raft.close();
    }

    /** Restarts a stopped member from its directory on its port, on a new empty store, knowing every member. */
    public void restart(Node n) throws IOException {
        List<RaftConfig.Peer> members =
                nodes.values().stream().map(m -> m.config.self()).toList();
        n.leadership.clear();
        run(
                n,
                n.config
                        .withStartup(RaftConfig.Startup.RESTART)
                        .withPeers(members)
                        .withGroupId(null));
    }

    /**
     * Recovers a stopped member alone in a new group (Swarm's {@code --force-new-cluster}) on {@code store}: the
     * one it ran with, or an empty one into which its directory is replayed.
     */
    public RaftStore forceNewCluster(Node n, MemoryStore store) throws IOException {
        if (n.running()) throw new IllegalStateException(n.id() + " still runs: kill it first");
        n.store = store;
        n.raft = RaftStore.forceNewCluster(store, n.config, n.keys);
        return n.raft;
    }

    // ---- partitions ------------------------------------------------------------------------------------------

    /**
     * Cuts Raft's requests from {@code from} to {@code to} (votes, appends and heartbeats, snapshots): {@code to}
     * refuses them, so {@code from} gets no answer either, while {@code to} still reaches {@code from}. Only the
     * members' Raft messages are cut, not the requests of a member's own Raft client, so a write proposed on the
     * cut-off side still reaches a leader it knows of.
     */
    public void cut(Node from, Node to) {
        RaftLinks.cut(from.id(), to.id());
    }

    /** Cuts both ways between {@code a} and {@code b}. */
    public void partition(Node a, Node b) {
        cut(a, b);
        cut(b, a);
    }

    /** Cuts {@code n} off from every other member, both ways. */
    public void isolate(Node n) {
        for (Node other : nodes.values()) if (other != n) partition(n, other);
    }

    /** Heals every cut between this cluster's members. */
    public void heal() {
        nodes.keySet().forEach(RaftLinks::healAll);
    }

    // ---- who is who ------------------------------------------------------------------------------------------

    public List<Node> running() {
        return nodes.values().stream().filter(Node::running).toList();
    }

    public Node node(String id) {
        return Objects.requireNonNull(nodes.get(id), id);
    }

    /** The member that leads now, waiting (up to {@link #PATIENCE}) for one to be elected. */
    public Node leader() {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        for (Node n = currentLeader(); ; n = currentLeader()) {
            if (n != null) return n;
            if (System.nanoTime() > deadline) throw new IllegalStateException("no Raft leader within " + PATIENCE);
            pause();
        }
    }

    /** The running member that believes it leads, or null. */
    public Node currentLeader() {
        return running().stream().filter(n -> n.raft.isLeader()).findFirst().orElse(null);
    }

    /** The running members but the leader. */
    public List<Node> followers() {
        Node leader = leader();
        return running().stream().filter(n -> n != leader).toList();
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a Raft leader", e);
        }
    }

    /** A loopback address with a port that was free a moment ago. */
    public static String freeAddress() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + s.getLocalPort();
        }
    }

    /** Heals its cuts and stops every running member. */
    @Override
    public void close() {
        heal();
        for (Node n : new ArrayList<>(nodes.values())) {
            if (!n.running()) continue;
            try {
                kill(n);
            } catch (IOException | RuntimeException e) {
                // Closing the rest matters more.
            }
        }
    }
}
