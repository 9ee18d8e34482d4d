package dev.skep.cluster;

import dev.skep.manager.ca.ClusterTrustManager;
import dev.skep.manager.ca.NodeCertificate;
import dev.skep.manager.ca.RootCA;
import dev.skep.manager.ca.TlsContexts;
import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * gRPC credentials for the cluster port, from the CA's {@link TlsContexts}. Peers are known by certificate
 * subject, not host name: trust is "signed by the cluster's root CA", and clients only talk to managers.
 */
final class Tls {
    private Tls() {
    }

    /**
     * The server side: presents the node certificate and asks for, but does not require, a client
     * certificate — a joining node has none yet. {@link PeerAuthenticator} checks it per service.
     */
    static ServerCredentials server(NodeCertificate identity) {
        return TlsServerCredentials.newBuilder()
                .keyManager(TlsContexts.keyManagerFactory(identity).getKeyManagers())
                .trustManager(new AnyClient(identity.rootCa()))
                .clientAuth(TlsServerCredentials.ClientAuth.OPTIONAL)
                .build();
    }

    /** A node talking to a manager of its cluster with its own certificate. */
    static ChannelCredentials client(NodeCertificate identity) {
        return TlsChannelCredentials.newBuilder()
                .keyManager(TlsContexts.keyManagerFactory(identity).getKeyManagers())
                .trustManager(TlsContexts.trustManagerFactory(identity, RootCA.MANAGER).getTrustManagers())
                .build();
    }

    /** A joining node that has checked the root CA against its token but has no certificate yet. */
    static ChannelCredentials anonymous(X509Certificate rootCa) {
        return TlsChannelCredentials.newBuilder()
                .trustManager(new ClusterTrustManager(rootCa, null, RootCA.MANAGER))
                .build();
    }

    /** Only to download the root CA, which the caller then checks against the token's digest. */
    static ChannelCredentials unverified() {
        return TlsChannelCredentials.newBuilder()
                .trustManager(TlsContexts.joinTrustManagerFactory().getTrustManagers())
                .build();
    }

    /**
     * Lets any client certificate through the handshake (which still proves the client holds its key) so a
     * wrong one is refused by {@link PeerAuthenticator} with a message instead of a bare handshake failure.
     */
    private static final class AnyClient extends X509ExtendedTrustManager {
        private final X509Certificate root;

        AnyClient(X509Certificate root) {
            this.root = root;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("server side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[] {root};
        }
    }
}
