package dev.skep.store.raft;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one manager takes part in the Raft group that replicates the store.
 *
 * @param dataDir           the manager's state directory; Ratis keeps its log and snapshots in {@code <dataDir>/raft}
 * @param peerId            this member's Raft peer ID (the node ID)
 * @param address           where this member's Raft RPC listens, {@code host:port}
 * @param peers             the group's initial members, this one included (a single member on {@code swarm init})
 * @param groupId           a stable name for the group (e.g. the cluster ID), or null to use the one persisted under
 *                          the data directory (a random one is made on a fresh start)
 * @param electionTimeoutMin the shortest follower timeout before it stands for election
 * @param electionTimeoutMax the longest one; each member picks at random in between
 * @param snapshotThreshold  log entries applied between two snapshots (SwarmKit's SnapshotInterval)
 * @param fresh              true to format new storage for a new group, false to recover the existing one
 */
public record RaftConfig(
        Path dataDir,
        String peerId,
        String address,
        List<Peer> peers,
        String groupId,
        Duration electionTimeoutMin,
        Duration electionTimeoutMax,
        long snapshotThreshold,
        boolean fresh) {

    public static final Duration DEFAULT_ELECTION_TIMEOUT_MIN = Duration.ofMillis(150);
    public static final Duration DEFAULT_ELECTION_TIMEOUT_MAX = Duration.ofMillis(300);
    public static final long DEFAULT_SNAPSHOT_THRESHOLD = 10_000;

    /** A member of the group: its peer ID and Raft address. */
    public record Peer(String id, String address) {
        public Peer {
            Objects.requireNonNull(id, "peer id");
            Objects.requireNonNull(address, "peer address");
        }
    }

    public RaftConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(address, "address");
        peers = List.copyOf(peers);
        if (peers.isEmpty()) throw new IllegalArgumentException("a Raft group needs at least one member");
        if (electionTimeoutMin.compareTo(electionTimeoutMax) >= 0) {
            throw new IllegalArgumentException("election timeout min must be below max");
        }
        if (snapshotThreshold <= 0) throw new IllegalArgumentException("snapshot threshold must be positive");
    }

    /** A group of one: this member alone, as {@code swarm init} makes it, with default timings. */
    public static RaftConfig single(Path dataDir, String peerId, String address, boolean fresh) {
        return new RaftConfig(dataDir, peerId, address, List.of(new Peer(peerId, address)), null,
                DEFAULT_ELECTION_TIMEOUT_MIN, DEFAULT_ELECTION_TIMEOUT_MAX, DEFAULT_SNAPSHOT_THRESHOLD, fresh);
    }

    public RaftConfig withSnapshotThreshold(long entries) {
        return new RaftConfig(dataDir, peerId, address, peers, groupId, electionTimeoutMin, electionTimeoutMax,
                entries, fresh);
    }

    public RaftConfig withElectionTimeout(Duration min, Duration max) {
        return new RaftConfig(dataDir, peerId, address, peers, groupId, min, max, snapshotThreshold, fresh);
    }

    public RaftConfig withGroupId(String id) {
        return new RaftConfig(dataDir, peerId, address, peers, id, electionTimeoutMin, electionTimeoutMax,
                snapshotThreshold, fresh);
    }

    public RaftConfig withFresh(boolean isFresh) {
        return new RaftConfig(dataDir, peerId, address, peers, groupId, electionTimeoutMin, electionTimeoutMax,
                snapshotThreshold, isFresh);
    }

    /** Where Ratis keeps its storage. */
    public Path raftDir() {
        return dataDir.resolve("raft");
    }
}
