package dev.skep.bench;

import dev.skep.api.defaults.ClusterDefaults;
import dev.skep.api.time.Timer;
import dev.skep.manager.Manager;
import dev.skep.manager.dispatcher.DispatcherService;
import dev.skep.store.MemoryStore;
import dev.skep.store.raft.testing.RaftCluster;
import dev.skep.trust.DataKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Raft managers in one JVM (the store's {@link RaftCluster}: loopback ports, a directory and store each), the leader
 * running all control loops as {@code skepd} does on the leading manager.
 */
final class ManagerCluster implements AutoCloseable {
    /**
     * Longer than the daemon's 300–600 ms: with thousands of agents and GC on 2 cores, a pause must not elect a new
     * leader mid-run (the benchmark measures placement, not failover). Swarm's own default is 10 s.
     */
    static final Duration ELECTION_MIN = Duration.ofSeconds(2);

    static final Duration ELECTION_MAX = Duration.ofSeconds(4);

    private final RaftCluster raft;
    private final RaftCluster.Node leader;
    private final Manager manager;

    private ManagerCluster(RaftCluster raft, RaftCluster.Node leader, Manager manager) {
        this.raft = raft;
        this.leader = leader;
        this.manager = manager;
    }

    /** Starts {@code size} members under {@code dir}, then the manager loops on the leader. */
    /** {@code sealed}: the Raft log and snapshots sealed under data keys, as skepd's managers keep them. */
    static ManagerCluster start(Path dir, int size, Timer timer, boolean sealed) throws IOException {
        RaftCluster raft = RaftCluster.start(
                dir,
                timer.clock(),
                size,
                c -> c.withElectionTimeout(ELECTION_MIN, ELECTION_MAX),
                sealed ? DataKeys.generate() : null);
        try {
            RaftCluster.Node leader = raft.leader();
            return new ManagerCluster(raft, leader, lead(leader.store(), timer));
        } catch (RuntimeException e) {
            raft.close();
            throw e;
        }
    }

    /** The bootstrap a new swarm gets (the cluster object), then every control loop on the leader. */
    private static Manager lead(MemoryStore store, Timer timer) {
        store.update(tx -> tx.create(ClusterDefaults.cluster("bench-cluster", null, null, null, null)));
        Manager manager = new Manager(store, timer);
        manager.start();
        return manager;
    }

    RaftCluster.Node leader() {
        return leader;
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
        manager.stop();
        raft.close();
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
