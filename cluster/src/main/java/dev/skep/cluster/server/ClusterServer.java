package dev.skep.cluster.server;

import dev.skep.api.dispatcher.Dispatcher;
import dev.skep.api.net.Address;
import dev.skep.cluster.Channels;
import dev.skep.cluster.ManagerPeer;
import dev.skep.cluster.PeerAuthenticator;
import dev.skep.cluster.Tls;
import dev.skep.cluster.ca.CaService;
import dev.skep.cluster.ca.CertificateIssuer;
import dev.skep.cluster.ca.NodeCaEndpoint;
import dev.skep.cluster.ca.NodeRoleAuthority;
import dev.skep.cluster.dispatch.DispatcherEndpoint;
import dev.skep.cluster.logs.BrokeredLogs;
import dev.skep.cluster.logs.ClusterLogs;
import dev.skep.cluster.logs.LogBroker;
import dev.skep.cluster.logs.LogsEndpoint;
import dev.skep.cluster.raft.ManagerEndpoint;
import dev.skep.cluster.raft.RaftMembership;
import dev.skep.trust.NodeCertificate;
import dev.skep.trust.NodeIdentity;
import dev.skep.trust.Revocation;
import dev.skep.trust.SecurityConfig;
import dev.skep.trust.TrustRoots;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A manager's cluster port ({@code --listen-addr}, 2377 by default): one gRPC server over TLS carrying the
 * join service ({@code skep.CA}, open to callers without a certificate), the dispatcher for remote agents
 * ({@code skep.Dispatcher}, any node of this cluster), the log broker ({@code skep.Logs}: agents listen for
 * log subscriptions and publish lines) and the managers' control service ({@code skep.Manager}, managers only).
 */
public final class ClusterServer implements AutoCloseable {
    private static final long KEEPALIVE_SECONDS = 10;

    private final Server server;
    private final DispatcherEndpoint dispatcher;
    private final LogBroker logBroker = new LogBroker();
    private final Channels leaderChannels;
    private final ClusterLogs logs;

    private ClusterServer(Builder b) {
        NodeCertificate identity = b.security.current();
        String clusterId = NodeIdentity.of(identity.certificate()).clusterId();
        TrustRoots roots = b.security.trustRoots();
        PeerAuthenticator anyNode = new PeerAuthenticator(roots, clusterId, false, b.revocation);
        PeerAuthenticator managers = new PeerAuthenticator(roots, clusterId, true, b.revocation);
        NettyServerBuilder builder = NettyServerBuilder.forAddress(address(b.listenAddr), Tls.server(b.security))
                .permitKeepAliveTime(KEEPALIVE_SECONDS / 2, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                // A node that dies without closing its connection (power off, cut link): its session and log
                // listen streams end within two periods, so log subscriptions skip it instead of waiting.
                .keepAliveTime(KEEPALIVE_SECONDS, TimeUnit.SECONDS)
                .keepAliveTimeout(KEEPALIVE_SECONDS, TimeUnit.SECONDS)
                .addService(new CaService(identity.rootCa(), b.issuer, b.managers).definition());
        dispatcher = b.dispatcher == null ? null : new DispatcherEndpoint(b.dispatcher, b.leaderAddr, b.managers);
        if (dispatcher != null) builder.addService(ServerInterceptors.intercept(dispatcher.definition(), anyNode));
        Supplier<Dispatcher> leads = b.dispatcher;
        BooleanSupplier leading = () -> leads != null && leads.get() != null;
        if (dispatcher != null) {
            builder.addService(ServerInterceptors.intercept(
                    new LogsEndpoint(logBroker, leading, b.leaderAddr).definition(), anyNode));
        }
        leaderChannels = new Channels(b.security);
        logs = new BrokeredLogs(logBroker, leading, b.leaderAddr, leaderChannels);
        if (b.raft != null) {
            builder.addService(
                    ServerInterceptors.intercept(new ManagerEndpoint(b.raft, b.leaderAddr).definition(), managers));
        }
        if (b.roles != null) {
            RaftMembership raft = b.raft;
            builder.addService(ServerInterceptors.intercept(
                    new NodeCaEndpoint(b.roles, () -> raft != null && raft.isLeader(), b.leaderAddr).definition(),
                    anyNode));
        }
        server = builder.build();
    }

    public static Builder builder(NodeCertificate identity) {
        return new Builder(SecurityConfig.inMemory(Objects.requireNonNull(identity, "identity")));
    }

    /** A server presenting {@code security}'s current certificate: renewals apply to the next handshakes. */
    public static Builder builder(SecurityConfig security) {
        return new Builder(security);
    }

    /** Binds the port and starts serving. */
    public ClusterServer start() throws IOException {
        server.start();
        return this;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.getPort();
    }

    /** Agents' sessions open through this server now. */
    public int openSessions() {
        return dispatcher == null ? 0 : dispatcher.openSessions();
    }

    /**
     * {@code docker service logs} through this manager: tasks' lines from the nodes that run them, through the
     * log broker of the leader (this one, or the leader it subscribes to).
     */
    public ClusterLogs logs() {
        return logs;
    }

    /** The log broker behind {@code skep.Logs} (serving while this manager leads), for tests. */
    public LogBroker logBroker() {
        return logBroker;
    }

    /** Stops at once: open session streams end, so their agents move to another manager. */
    @Override
    public void close() {
        leaderChannels.close();
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static InetSocketAddress address(String listenAddr) {
        if (listenAddr == null || listenAddr.isBlank()) return new InetSocketAddress(Address.CLUSTER_PORT);
        return Address.parse(listenAddr, Address.CLUSTER_PORT).socketAddress();
    }

    /** What the server carries; services whose parts are not given are not offered. */
    public static final class Builder {
        private final SecurityConfig security;
        private String listenAddr = "0.0.0.0:" + Address.CLUSTER_PORT;
        private CertificateIssuer issuer;
        private Supplier<Dispatcher> dispatcher;
        private Supplier<String> leaderAddr = () -> null;
        private Supplier<List<ManagerPeer>> managers = List::of;
        private RaftMembership raft;
        private NodeRoleAuthority roles;
        private Revocation revocation = Revocation.NONE;

        private Builder(SecurityConfig security) {
            this.security = Objects.requireNonNull(security, "security");
        }

        /** HOST:PORT to bind, {@code 0.0.0.0:2377} by default. */
        public Builder listenAddr(String addr) {
            this.listenAddr = addr;
            return this;
        }

        /** Signs joining nodes' certificates; without it joins are refused as unavailable. */
        public Builder issuer(CertificateIssuer issuer) {
            this.issuer = issuer;
            return this;
        }

        /** The dispatcher while this manager leads, null otherwise. */
        public Builder dispatcher(Supplier<Dispatcher> dispatcher) {
            this.dispatcher = dispatcher;
            return this;
        }

        /** The leader's cluster address (HOST:PORT), null when unknown: where "not the leader" sends callers. */
        public Builder leaderAddr(Supplier<String> leaderAddr) {
            this.leaderAddr = leaderAddr;
            return this;
        }

        /** The managers agents may connect to, sent with each session and join. */
        public Builder managers(Supplier<List<ManagerPeer>> managers) {
            this.managers = managers;
            return this;
        }

        /** This manager's Raft group, for the managers' control service. */
        public Builder raft(RaftMembership raft) {
            this.raft = raft;
            return this;
        }

        /** Tells nodes their granted role and renews their certificates for it (on the leader). */
        public Builder roles(NodeRoleAuthority roles) {
            this.roles = roles;
            return this;
        }

        /** What the cluster's state revokes (removed nodes, demoted managers), checked on every call. */
        public Builder revocation(Revocation revocation) {
            this.revocation = Objects.requireNonNull(revocation, "revocation");
            return this;
        }

        public ClusterServer build() {
            return new ClusterServer(this);
        }
    }
}
