package dev.skep.store.raft;

import dev.skep.store.MemoryStore;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.netty.NettyConfigKeys;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store replicated by a Raft group (Apache Ratis over Netty): one Ratis server per manager, holding the
 * {@link StoreStateMachine}, and a client through which this manager proposes. Membership comes from
 * {@link RaftConfig}, never from the state machine, so the group can grow without touching how entries apply.
 */
public final class RaftStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RaftStore.class);
    /** Snapshot files kept on disk; the newest is enough to recover, one more guards against a torn write. */
    static final int SNAPSHOTS_RETAINED = 2;
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);
    /**
     * A proposal is retried (to a new leader, or while there is none) at this pace, a bounded number of times:
     * Ratis's default retries forever without pausing, which spins while no leader is elected.
     */
    static final RetryPolicy CLIENT_RETRY = RetryPolicies.retryUpToMaximumCountWithFixedSleep(100,
            TimeDuration.valueOf(100, TimeUnit.MILLISECONDS));

    private final RaftServer server;
    private final RaftServer.Division division;
    private final RaftClient client;
    private final RaftProposer proposer;
    private final StoreStateMachine stateMachine;

    private RaftStore(RaftServer server, RaftServer.Division division, RaftClient client,
                      StoreStateMachine stateMachine) {
        this.server = server;
        this.division = division;
        this.client = client;
        this.stateMachine = stateMachine;
        this.proposer = new RaftProposer(client, division, stateMachine);
    }

    /**
     * Starts this member on an empty store: formats new storage ({@code fresh}) or recovers the existing one
     * (the latest snapshot, then the log after it), waits for a leader and for the store to have applied every
     * committed entry, and makes the store propose through Raft.
     */
    public static RaftStore start(MemoryStore store, RaftConfig config) throws IOException {
        if (store.index() != 0) throw new IllegalArgumentException("Raft replays into an empty store only");
        Files.createDirectories(config.raftDir());
        RaftGroup group = RaftGroup.valueOf(GroupIds.resolve(config), peers(config));
        RaftProperties props = properties(config);
        StoreStateMachine stateMachine = new StoreStateMachine(store, SNAPSHOTS_RETAINED);
        RaftServer server = RaftServer.newBuilder()
                .setServerId(RaftPeerId.valueOf(config.peerId()))
                .setGroup(group)
                .setStateMachine(stateMachine)
                .setProperties(props)
                .setOption(config.fresh() ? RaftStorage.StartupOption.FORMAT : RaftStorage.StartupOption.RECOVER)
                .build();
        RaftClient client = null;
        try {
            server.start();
            client = RaftClient.newBuilder()
                    .setClientId(ClientId.randomId())
                    .setRaftGroup(group)
                    .setProperties(props)
                    .setRetryPolicy(CLIENT_RETRY)
                    .build();
            RaftStore raft = new RaftStore(server, server.getDivision(group.getGroupId()), client, stateMachine);
            raft.awaitReady(startTimeout(config));
            store.setProposer(raft.proposer);
            LOG.info("Raft member {} of group {} ready at index {}, leader {}", config.peerId(),
                    group.getGroupId(), stateMachine.appliedIndex(), raft.leaderId());
            return raft;
        } catch (IOException | RuntimeException e) {
            closeQuietly(client, server);
            throw e;
        }
    }

    private static List<RaftPeer> peers(RaftConfig config) {
        return config.peers().stream()
                .map(p -> RaftPeer.newBuilder().setId(p.id()).setAddress(p.address()).build())
                .toList();
    }

    private static RaftProperties properties(RaftConfig config) {
        RaftProperties props = new RaftProperties();
        RaftConfigKeys.Rpc.setType(props, SupportedRpcType.NETTY);
        HostPort listen = HostPort.parse(config.address());
        NettyConfigKeys.Server.setHost(props, listen.host());
        NettyConfigKeys.Server.setPort(props, listen.port());
        RaftServerConfigKeys.setStorageDir(props, List.of(config.raftDir().toFile()));
        TimeDuration min = millis(config.electionTimeoutMin());
        TimeDuration max = millis(config.electionTimeoutMax());
        RaftServerConfigKeys.Rpc.setTimeoutMin(props, min);
        RaftServerConfigKeys.Rpc.setTimeoutMax(props, max);
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(props, min);
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(props, max);
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(props, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(props, config.snapshotThreshold());
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(props, SNAPSHOTS_RETAINED);
        // No snapshot on a clean stop: every restart then recovers like a crash (snapshot + log replay), so the
        // path that must work after kill -9 is the one always taken.
        RaftServerConfigKeys.Snapshot.setTriggerWhenStopEnabled(props, false);
        // The snapshot holds everything before it: the log before it is only needed by slow followers.
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(props, true);
        RaftClientConfigKeys.Rpc.setRequestTimeout(props, millis(REQUEST_TIMEOUT));
        return props;
    }

    private static TimeDuration millis(Duration d) {
        return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Long enough for several election rounds, however short the configured timeouts. */
    private static Duration startTimeout(RaftConfig config) {
        Duration rounds = config.electionTimeoutMax().multipliedBy(50);
        return rounds.compareTo(Duration.ofSeconds(30)) > 0 ? rounds : Duration.ofSeconds(30);
    }

    /**
     * Waits until a leader is known (this member, in a group of one) and this member has applied everything
     * committed when it became ready, so that a restarted store holds all its objects before anyone reads it.
     */
    private void awaitReady(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!hasReadyLeader()) pause(deadline, "no Raft leader was elected");
        long committed = division.getRaftLog().getLastCommittedIndex();
        while (stateMachine.appliedIndex() < committed) pause(deadline, "the store did not catch up with the log");
    }

    private boolean hasReadyLeader() {
        var info = division.getInfo();
        if (info.isLeader()) return info.isLeaderReady();
        return info.getLeaderId() != null;
    }

    private static void pause(long deadline, String failure) throws IOException {
        if (System.nanoTime() > deadline) throw new IOException(failure + " in time");
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for Raft", e);
        }
    }

    public RaftProposer proposer() {
        return proposer;
    }

    public boolean isLeader() {
        return division.getInfo().isLeader();
    }

    /** The current leader's peer ID, or null while there is none. */
    public String leaderId() {
        RaftPeerId id = division.getInfo().getLeaderId();
        return id == null ? null : id.toString();
    }

    public RaftGroupId groupId() {
        return division.getGroup().getGroupId();
    }

    /** The last log index this member applied to the store. */
    public long appliedIndex() {
        return stateMachine.appliedIndex();
    }

    /** Closes the client, then the server, which releases the Raft port. */
    @Override
    public void close() throws IOException {
        closeQuietly(client, server);
    }

    private static void closeQuietly(RaftClient client, RaftServer server) {
        if (client != null) {
            try {
                client.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("closing the Raft client failed", e);
            }
        }
        try {
            server.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("closing the Raft server failed", e);
        }
    }

    /** A {@code host:port} address; IPv6 hosts in brackets. */
    record HostPort(String host, int port) {
        static HostPort parse(String address) {
            int colon = address.lastIndexOf(':');
            if (colon <= 0) throw new IllegalArgumentException("address must be host:port: " + address);
            String host = address.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
            return new HostPort(host, Integer.parseInt(address.substring(colon + 1)));
        }
    }
}
