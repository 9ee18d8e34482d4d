package dev.skep.store.raft;

import dev.skep.trust.NodeCertificate;
import dev.skep.trust.Revocation;
import dev.skep.trust.SecurityConfig;
import dev.skep.trust.TrustRoots;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * How one manager takes part in the Raft group that replicates the store.
 *
 * @param dataDir            the manager's state directory; Ratis keeps its log and snapshots in {@code <dataDir>/raft}
 * @param peerId             this member's Raft peer ID (the node ID)
 * @param address            this member's Raft address as the others dial it, {@code host:port}
 * @param peers              the group's members as this member knows them at start: itself alone for a new group;
 *                           the existing members for a join (with or without itself); anything for a restart, where
 *                           the configuration recovered from the log wins
 * @param groupId            a stable name for the group (e.g. the cluster ID), or null to use the one persisted under
 *                           the data directory (a random one is made for a new group)
 * @param electionTimeoutMin the shortest follower timeout before it stands for election
 * @param electionTimeoutMax the longest one; each member picks at random in between
 * @param snapshotThreshold  log entries applied between two snapshots (SwarmKit's SnapshotInterval)
 * @param startup            how storage is found: a new group, a join, or a restart
 * @param tls                the member's certificate for mutual TLS between members, or null for plain TCP
 * @param bindAddress        where the Raft server binds when that differs from {@code address} (the address the
 *                           other members dial), e.g. {@code 0.0.0.0:2378}; null to bind {@code address}
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
        Startup startup,
        Tls tls,
        String bindAddress) {

    /**
     * Ratis's own default is 150–300 ms; on a loaded 2-core machine that elects spuriously while a JVM pauses.
     * 300–600 ms still detects a dead leader and elects a new one well inside 2 s.
     */
    public static final Duration DEFAULT_ELECTION_TIMEOUT_MIN = Duration.ofMillis(300);

    public static final Duration DEFAULT_ELECTION_TIMEOUT_MAX = Duration.ofMillis(600);
    public static final long DEFAULT_SNAPSHOT_THRESHOLD = 10_000;

    /** How this member's storage comes to be. */
    public enum Startup {
        /** Formats new storage for a new group of which this member is the first (and only) member. */
        NEW_GROUP,
        /** Formats new storage and waits, outside the configuration, until the leader adds this member. */
        JOIN,
        /** Recovers the existing storage: the latest snapshot, then the log after it. */
        RESTART
    }

    /** A member of the group: its peer ID and Raft address. */
    public record Peer(String id, String address) {
        public Peer {
            Objects.requireNonNull(id, "peer id");
            Objects.requireNonNull(address, "peer address");
        }
    }

    /**
     * The material for mutual TLS between members: this member's key and certificate, and the root CA every
     * member's certificate must chain to, with this member's cluster ID (O). Host names are not checked (members
     * are known by certificate, not by address); when {@code requiredRole} (a role or its OU) is set, a peer's
     * certificate must carry it as its OU. A peer speaks Raft only as the member its certificate names, and
     * {@code revocation} says which certificates the cluster's state no longer accepts. When {@code keyManager} is
     * set, it is what this member presents on every handshake (the node's renewable identity,
     * {@link SecurityConfig#keyManager()}); {@code key} and {@code certificate} are then the identity the member
     * started with. When {@code trustRoots} is set, peers are judged by the roots it holds at each handshake (the
     * node's live trust set, {@link SecurityConfig#trustRoots()}, which a root rotation changes) instead of
     * {@code rootCa}.
     */
    public record Tls(
            PrivateKey key,
            X509Certificate certificate,
            X509Certificate rootCa,
            String requiredRole,
            Revocation revocation,
            X509ExtendedKeyManager keyManager,
            TrustRoots trustRoots) {
        public Tls {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(rootCa, "rootCa");
            if (revocation == null) revocation = Revocation.NONE;
        }

        public Tls(PrivateKey key, X509Certificate certificate, X509Certificate rootCa, String requiredRole) {
            this(key, certificate, rootCa, requiredRole, Revocation.NONE, null, null);
        }

        public Tls(PrivateKey key, X509Certificate certificate, X509Certificate rootCa) {
            this(key, certificate, rootCa, null);
        }

        /** The same material, refusing peers the cluster's state revoked (removed nodes, demoted managers). */
        public Tls withRevocation(Revocation r) {
            return new Tls(key, certificate, rootCa, requiredRole, r, keyManager, trustRoots);
        }

        /**
         * Presents {@code security}'s current certificate and trusts its current roots on each handshake, so
         * renewals and root rotations need no restart.
         */
        public static Tls renewable(SecurityConfig security, String requiredRole) {
            NodeCertificate node = security.current();
            return new Tls(
                    node.key(),
                    node.certificate(),
                    node.rootCa(),
                    requiredRole,
                    Revocation.NONE,
                    security.keyManager(),
                    security.trustRoots());
        }
    }

    public RaftConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(startup, "startup");
        peers = List.copyOf(peers);
        if (peers.isEmpty() && startup != Startup.RESTART) {
            throw new IllegalArgumentException("a Raft group needs at least one member");
        }
        if (electionTimeoutMin.compareTo(electionTimeoutMax) >= 0) {
            throw new IllegalArgumentException("election timeout min must be below max");
        }
        if (snapshotThreshold <= 0) throw new IllegalArgumentException("snapshot threshold must be positive");
    }

    /** A group of one: this member alone, as {@code swarm init} makes it (fresh) or restarts it, default timings. */
    public static RaftConfig single(Path dataDir, String peerId, String address, boolean fresh) {
        return new RaftConfig(
                dataDir,
                peerId,
                address,
                List.of(new Peer(peerId, address)),
                null,
                DEFAULT_ELECTION_TIMEOUT_MIN,
                DEFAULT_ELECTION_TIMEOUT_MAX,
                DEFAULT_SNAPSHOT_THRESHOLD,
                fresh ? Startup.NEW_GROUP : Startup.RESTART,
                null,
                null);
    }

    /** A member joining the group {@code groupId}, whose current members are {@code members}. */
    public static RaftConfig joining(Path dataDir, String peerId, String address, String groupId, List<Peer> members) {
        return new RaftConfig(
                dataDir,
                peerId,
                address,
                members,
                Objects.requireNonNull(groupId, "groupId"),
                DEFAULT_ELECTION_TIMEOUT_MIN,
                DEFAULT_ELECTION_TIMEOUT_MAX,
                DEFAULT_SNAPSHOT_THRESHOLD,
                Startup.JOIN,
                null,
                null);
    }

    /** True when storage is formatted anew (a new group or a join), false when it is recovered. */
    public boolean fresh() {
        return startup != Startup.RESTART;
    }

    public RaftConfig withSnapshotThreshold(long entries) {
        return new RaftConfig(
                dataDir,
                peerId,
                address,
                peers,
                groupId,
                electionTimeoutMin,
                electionTimeoutMax,
                entries,
                startup,
                tls,
                bindAddress);
    }

    public RaftConfig withElectionTimeout(Duration min, Duration max) {
        return new RaftConfig(
                dataDir, peerId, address, peers, groupId, min, max, snapshotThreshold, startup, tls, bindAddress);
    }

    public RaftConfig withGroupId(String id) {
        return new RaftConfig(
                dataDir,
                peerId,
                address,
                peers,
                id,
                electionTimeoutMin,
                electionTimeoutMax,
                snapshotThreshold,
                startup,
                tls,
                bindAddress);
    }

    /** Fresh means a new group; not fresh, a restart. */
    public RaftConfig withFresh(boolean isFresh) {
        return withStartup(isFresh ? Startup.NEW_GROUP : Startup.RESTART);
    }

    public RaftConfig withStartup(Startup how) {
        return new RaftConfig(
                dataDir,
                peerId,
                address,
                peers,
                groupId,
                electionTimeoutMin,
                electionTimeoutMax,
                snapshotThreshold,
                how,
                tls,
                bindAddress);
    }

    public RaftConfig withPeers(List<Peer> members) {
        return new RaftConfig(
                dataDir,
                peerId,
                address,
                members,
                groupId,
                electionTimeoutMin,
                electionTimeoutMax,
                snapshotThreshold,
                startup,
                tls,
                bindAddress);
    }

    public RaftConfig withTls(Tls material) {
        return new RaftConfig(
                dataDir,
                peerId,
                address,
                peers,
                groupId,
                electionTimeoutMin,
                electionTimeoutMax,
                snapshotThreshold,
                startup,
                material,
                bindAddress);
    }

    public RaftConfig withBindAddress(String bind) {
        return new RaftConfig(
                dataDir,
                peerId,
                address,
                peers,
                groupId,
                electionTimeoutMin,
                electionTimeoutMax,
                snapshotThreshold,
                startup,
                tls,
                bind);
    }

    /** Where the Raft server binds. */
    public String listenAddress() {
        return bindAddress != null ? bindAddress : address;
    }

    /** This member as a peer. */
    public Peer self() {
        return new Peer(peerId, address);
    }

    /** Where Ratis keeps its storage. */
    public Path raftDir() {
        return dataDir.resolve("raft");
    }

    /**
     * A leader that has not heard from a majority for this long steps down (Raft's check-quorum), so an isolated
     * old leader stops its control loops soon after the others elected a new one.
     */
    public Duration leaderStepDownWait() {
        return electionTimeoutMax.multipliedBy(2);
    }

    /** A member not heard from for this long is reported unreachable (several missed heartbeats). */
    public Duration unreachableAfter() {
        return electionTimeoutMax.multipliedBy(2);
    }
}
