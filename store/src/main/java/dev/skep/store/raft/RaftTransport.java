package dev.skep.store.raft;

import dev.skep.api.net.Address;
import dev.skep.trust.ClusterTrustManager;
import dev.skep.trust.NodeIdentity;
import dev.skep.trust.TlsContexts;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.grpc.server.GrpcServices;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * Ratis settings for one member: gRPC between members (Ratis's Netty RPC has no TLS, only its data-stream
 * path does), election and quorum timings, snapshots and log purging.
 */
final class RaftTransport {
    /** How long one client request may take before the client retries it elsewhere. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    private RaftTransport() {}

    static RaftProperties properties(RaftConfig config) {
        RaftProperties props = new RaftProperties();
        RaftConfigKeys.Rpc.setType(props, SupportedRpcType.GRPC);
        Address listen = Address.parse(config.listenAddress());
        if (!listen.hasPort()) throw new IllegalArgumentException("Raft address must be host:port: " + listen);
        GrpcConfigKeys.Server.setHost(props, listen.host());
        GrpcConfigKeys.Server.setPort(props, listen.port());
        RaftServerConfigKeys.setStorageDir(props, List.of(config.raftDir().toFile()));
        elections(props, config);
        snapshots(props, config);
        RaftClientConfigKeys.Rpc.setRequestTimeout(props, millis(REQUEST_TIMEOUT));
        return props;
    }

    private static void elections(RaftProperties props, RaftConfig config) {
        TimeDuration min = millis(config.electionTimeoutMin());
        TimeDuration max = millis(config.electionTimeoutMax());
        RaftServerConfigKeys.Rpc.setTimeoutMin(props, min);
        RaftServerConfigKeys.Rpc.setTimeoutMax(props, max);
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(props, min);
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(props, max);
        // A vote or append to a member that vanished (its connection not yet known dead) waits this long; Ratis's
        // 3 s default would hold an election up by as much, well past the 2 s failover budget.
        RaftServerConfigKeys.Rpc.setRequestTimeout(
                props, millis(config.electionTimeoutMax().multipliedBy(2)));
        // Check-quorum: a leader cut off from the majority steps down instead of believing it leads.
        RaftServerConfigKeys.LeaderElection.setLeaderStepDownWaitTime(props, millis(config.leaderStepDownWait()));
        RaftServerConfigKeys.Rpc.setSlownessTimeout(
                props, millis(config.unreachableAfter().multipliedBy(5)));
        // Reads on any member go through the leader's read index (ReadIndex), never a local stale read.
        RaftServerConfigKeys.Read.setOption(props, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Read.setTimeout(props, millis(REQUEST_TIMEOUT));
    }

    private static void snapshots(RaftProperties props, RaftConfig config) {
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(props, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(props, config.snapshotThreshold());
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(props, RaftStore.SNAPSHOTS_RETAINED);
        // No snapshot on a clean stop: every restart then recovers like a crash (snapshot + log replay), so the
        // path that must work after kill -9 is the one always taken.
        RaftServerConfigKeys.Snapshot.setTriggerWhenStopEnabled(props, false);
        // The snapshot holds everything before it: the log before it is only needed by slow followers, which
        // get the snapshot instead.
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(props, true);
        // Only closed segments are purged: keep them a fraction of a snapshot interval (a few hundred bytes an
        // entry), so the log behind a snapshot really goes and a lagging member gets the snapshot instead.
        RaftServerConfigKeys.Log.setPurgeGap(props, (int) Math.min(1024, config.snapshotThreshold()));
        long segment = Math.clamp(config.snapshotThreshold() * 256, 16 * 1024, 8 * 1024 * 1024);
        RaftServerConfigKeys.Log.setSegmentSizeMax(props, SizeInBytes.valueOf(segment));
        RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(props, true);
        // A follower appends each request before it answers it. Ratis 3.3.0's default instead chains appends and
        // answers a request whose first index is already being appended with SUCCESS up to its own last entry,
        // without appending it: when a leader resends from an index with more entries (after a timeout), the
        // follower acknowledges entries it never wrote. The leader's match index then runs ahead of the
        // follower's log, every later request is INCONSISTENCY, and the follower never applies again.
        RaftServerConfigKeys.Log.setAppendEntriesComposeEnabled(props, false);
        // Ratis backs off to one attempt every 5 s towards a member that stopped answering; a restarted member
        // would wait that long to catch up. Keep trying every half second instead (a heartbeat's worth of work).
        RaftServerConfigKeys.Log.Appender.setRetryPolicy(props, "1ms,10,100ms,20,500ms,1000000000");
    }

    /** Mutual TLS for server, client and admin channels when the config carries certificates. */
    static Parameters parameters(RaftConfig config) {
        Parameters parameters = new Parameters();
        if (config.tls() == null) return parameters;
        GrpcTlsConfig tls = new GrpcTlsConfig(keyManager(config.tls()), trustManager(config.tls()), true);
        GrpcConfigKeys.Server.setTlsConf(parameters, tls);
        GrpcConfigKeys.Client.setTlsConf(parameters, tls);
        GrpcConfigKeys.Admin.setTlsConf(parameters, tls);
        GrpcConfigKeys.TLS.setConf(parameters, tls);
        RaftPeerAuthenticator peers =
                new RaftPeerAuthenticator(config.peerId(), config.tls().revocation());
        GrpcConfigKeys.Server.setServicesCustomizer(
                parameters,
                (builder, types) -> GrpcServices.Customizer.getDefaultInstance()
                        .customize(builder, types)
                        .intercept(peers));
        return parameters;
    }

    /**
     * This member's key with its chain (certificate, root), presented on both sides of every Raft channel. A
     * renewable identity's key manager is asked on every handshake (by the JDK's and by Netty's OpenSSL engine
     * alike): connections opened after a renewal present the new certificate, open ones carry on.
     */
    private static KeyManager keyManager(RaftConfig.Tls tls) {
        if (tls.keyManager() != null) return tls.keyManager();
        return TlsContexts.keyManagerFactory(tls.key(), tls.certificate(), tls.rootCa())
                .getKeyManagers()[0];
    }

    /**
     * Who may talk Raft to this member: a peer of this member's cluster (its certificate chains to the root CA and
     * has the same O), with the required role when one is set. Revocation is checked per message by
     * {@link RaftPeerAuthenticator}, on gRPC's executor: the handshake runs on a Netty event loop, which must not
     * wait for the store's lock. Host names are not checked: members are addressed by IP and identified by
     * certificate, as in Swarm. A live trust set is read on each handshake: after a root rotation finished, a peer
     * still on the retired root is refused without restarting the member.
     */
    private static X509ExtendedTrustManager trustManager(RaftConfig.Tls tls) {
        String clusterId = NodeIdentity.of(tls.certificate()).clusterId();
        if (tls.trustRoots() != null) return ClusterTrustManager.peers(tls.trustRoots(), clusterId, tls.requiredRole());
        return ClusterTrustManager.peers(tls.rootCa(), clusterId, tls.requiredRole());
    }

    static TimeDuration millis(Duration d) {
        return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
    }
}
