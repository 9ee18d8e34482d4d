package dev.skep.bench;

import dev.skep.api.model.Cluster;
import dev.skep.api.time.Timer;
import dev.skep.manager.Manager;
import dev.skep.manager.dispatcher.DispatcherService;
import dev.skep.store.MemoryStore;
import dev.skep.store.raft.RaftConfig;
import dev.skep.store.raft.RaftStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Raft managers in one JVM on loopback ports, each with its own store and directory, the first making the group
 * and the others joining it; the leader runs all control loops, as {@code skepd} does on the leading manager.
 */
final class ManagerCluster implements AutoCloseable {
    /** One manager: its store and Raft member. */
    record Member(String id, MemoryStore store, RaftStore raft) {
    }

    /**
     * Longer than the daemon's 300–600 ms: with thousands of agents and GC on 2 cores, a pause must not elect a new
     * leader mid-run (the benchmark measures placement, not failover). Swarm's own default is 10 s.
     */
    static final Duration ELECTION_MIN = Duration.ofSeconds(2);
    static final Duration ELECTION_MAX = Duration.ofSeconds(4);

    private final List<Member> members = new ArrayList<>();
    private Member leader;
    private Manager manager;

    /** Starts {@code size} members under {@code dir}, then the manager loops on the leader. */
    static ManagerCluster start(Path dir, int size, Timer timer) throws IOException {
        ManagerCluster c = new ManagerCluster();
        try {
            c.first(dir, timer);
            for (int i = 2; i <= size; i++) c.join(dir, "m" + i, timer);
            c.lead(timer);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void first(Path dir, Timer timer) throws IOException {
        RaftConfig config = RaftConfig.single(dir.resolve("m1"), "m1", freeAddress(), true)
                .withElectionTimeout(ELECTION_MIN, ELECTION_MAX);
        Member m = run("m1", config, timer);
        m.raft().awaitLeader(Duration.ofSeconds(30));
    }

    private void join(Path dir, String id, Timer timer) throws IOException {
        Member first = members.get(0);
        List<RaftConfig.Peer> peers = members.stream().map(m -> new RaftConfig.Peer(m.id(), address(m))).toList();
        RaftConfig config = RaftConfig.joining(dir.resolve(id), id, freeAddress(),
                first.raft().groupId().getUuid().toString(), peers).withElectionTimeout(ELECTION_MIN, ELECTION_MAX);
        Member m = run(id, config, timer);
        current().raft().addMember(new RaftConfig.Peer(id, config.address()));
        m.raft().awaitJoined(Duration.ofSeconds(30));
    }

    private final Map<String, String> addresses = new java.util.HashMap<>();

    private Member run(String id, RaftConfig config, Timer timer) throws IOException {
        MemoryStore store = new MemoryStore(timer.clock());
        Member m = new Member(id, store, RaftStore.start(store, config));
        addresses.put(id, config.address());
        members.add(m);
        return m;
    }

    private String address(Member m) {
        return addresses.get(m.id());
    }

    private Member current() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (Member m : members) if (m.raft().isLeader()) return m;
            sleep(10);
        }
        throw new IllegalStateException("no Raft leader within 30 s");
    }

    /** The bootstrap a new swarm gets (the cluster object), then every control loop on the leader. */
    private void lead(Timer timer) {
        leader = current();
        leader.store().update(tx -> tx.create(new Cluster("bench-cluster", null, null, null,
                new Cluster.Spec("default", Map.of(), null, null, new Cluster.Dispatcher(null), null, null, null),
                null, false, 4789L, List.of("10.0.0.0/8"), 24L, null)));
        manager = new Manager(leader.store(), timer);
        manager.start();
    }

    Member leader() {
        return leader;
    }

    List<Member> members() {
        return List.copyOf(members);
    }

    MemoryStore store() {
        return leader.store();
    }

    DispatcherService dispatcher() {
        return manager.dispatcher();
    }

    /** True while the member that runs the loops still leads (an election mid-run would void the figures). */
    boolean leaderStable() {
        return leader.raft().isLeader();
    }

    @Override
    public void close() {
        if (manager != null) manager.stop();
        for (Member m : members) closeQuietly(m);
        members.clear();
    }

    private static void closeQuietly(Member m) {
        try {
            m.raft().close();
        } catch (IOException | RuntimeException e) {
            // closing the others matters more
        }
    }

    private static String freeAddress() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + s.getLocalPort();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
