package dev.skep.cluster;

import dev.skep.trust.ClusterTrustManager;
import dev.skep.trust.NodeCertificate;
import dev.skep.trust.RootCA;
import dev.skep.trust.SecurityConfig;
import dev.skep.trust.TlsContexts;
import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.security.cert.X509Certificate;

/**
 * gRPC credentials for the cluster port, from the CA's {@link TlsContexts}. Peers are known by certificate
 * subject, not host name: trust is "signed by the cluster's root CA", and clients only talk to managers.
 */
public final class Tls {
    private Tls() {}

    /**
     * The server side: presents the node certificate and asks for, but does not require, a client
     * certificate — a joining node has none yet. {@link PeerAuthenticator} checks it per service.
     */
    public static ServerCredentials server(NodeCertificate identity) {
        return TlsServerCredentials.newBuilder()
                .keyManager(TlsContexts.keyManagerFactory(identity).getKeyManagers())
                .trustManager(ClusterTrustManager.clientsCheckedPerCall(identity.rootCa()))
                .clientAuth(TlsServerCredentials.ClientAuth.OPTIONAL)
                .build();
    }

    /**
     * The server side presenting {@code security}'s current certificate on each handshake: a renewal changes
     * what new connections see without restarting the server.
     */
    public static ServerCredentials server(SecurityConfig security) {
        return TlsServerCredentials.newBuilder()
                .keyManager(security.keyManager())
                .trustManager(ClusterTrustManager.clientsCheckedPerCall(security.trustRoots()))
                .clientAuth(TlsServerCredentials.ClientAuth.OPTIONAL)
                .build();
    }

    /**
     * A node talking to a manager with {@code security}'s current certificate, and trusting the roots it trusts,
     * both read on each handshake.
     */
    public static ChannelCredentials client(SecurityConfig security) {
        return TlsChannelCredentials.newBuilder()
                .keyManager(security.keyManager())
                .trustManager(TlsContexts.trustManagerFactory(security, RootCA.MANAGER)
                        .getTrustManagers())
                .build();
    }

    /** A node talking to a manager of its cluster with its own certificate. */
    public static ChannelCredentials client(NodeCertificate identity) {
        return TlsChannelCredentials.newBuilder()
                .keyManager(TlsContexts.keyManagerFactory(identity).getKeyManagers())
                .trustManager(TlsContexts.trustManagerFactory(identity, RootCA.MANAGER)
                        .getTrustManagers())
                .build();
    }

    /** A joining node that has checked the root CA against its token but has no certificate yet. */
    public static ChannelCredentials anonymous(X509Certificate rootCa) {
        return TlsChannelCredentials.newBuilder()
                .trustManager(ClusterTrustManager.peers(rootCa, null, RootCA.MANAGER))
                .build();
    }

    /** Only to download the root CA, which the caller then checks against the token's digest. */
    public static ChannelCredentials unverified() {
        return TlsChannelCredentials.newBuilder()
                .trustManager(TlsContexts.joinTrustManagerFactory().getTrustManagers())
                .build();
    }
}
