package dev.skep.trust;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.GeneralSecurityException;
import java.security.KeyManagementException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;

/**
 * TLS for the cluster port. Every node presents its node certificate (chain: node, root) and trusts only
 * the cluster root CA, with O = the cluster ID. A server that does not require client certificates still
 * asks for one and verifies it if given (SwarmKit's VerifyClientCertIfGiven: the CA must serve nodes that
 * have no certificate yet). A joining node, which has no root yet, trusts any server and then checks the
 * root it receives against its join token ({@code JoinTokens.checkRootCa}).
 */
public final class TlsContexts {
    private static final String PROTOCOL = "TLSv1.3";
    private static final char[] NO_PASSWORD = new char[0];

    private TlsContexts() {}

    /** A server context; its server sockets and engines need (or, if not required, want) a client certificate. */
    public static SSLContext serverContext(NodeCertificate node, boolean requireClientAuth) {
        SSLContext base = init(
                keyManagerFactory(node).getKeyManagers(),
                new TrustManager[] {ClusterTrustManager.peers(node.rootCa(), node.clusterId(), null)});
        return new SSLContext(new ClientAuthSpi(base, requireClientAuth), base.getProvider(), base.getProtocol()) {};
    }

    /**
     * A client context presenting {@code node}'s certificate and trusting only cluster managers (the
     * cluster port is served by managers). With {@code node} null — the join bootstrap — it presents no
     * certificate and accepts any server; the caller must check the root CA against the token digest.
     */
    public static SSLContext clientContext(NodeCertificate node) {
        if (node == null) return init(null, new TrustManager[] {ClusterTrustManager.joining()});
        return init(
                keyManagerFactory(node).getKeyManagers(),
                new TrustManager[] {ClusterTrustManager.peers(node.rootCa(), node.clusterId(), RootCA.MANAGER)});
    }

    /** Key material for grpc-netty's {@code SslContextBuilder}: the node key with chain (node, root). */
    public static KeyManagerFactory keyManagerFactory(NodeCertificate node) {
        return keyManagerFactory(node.key(), node.chain());
    }

    /** Key material for a key and its chain (node certificate, then root), e.g. a Raft member's. */
    public static KeyManagerFactory keyManagerFactory(PrivateKey key, X509Certificate... chain) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("swarm-node", key, NO_PASSWORD, chain);
            KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            f.init(ks, NO_PASSWORD);
            return f;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot load the node key", e);
        }
    }

    /** Trust for peers of {@code node}'s cluster with the given role (null: managers and workers). */
    public static TrustManagerFactory trustManagerFactory(NodeCertificate node, String requiredPeerRole) {
        return new FixedTrustManagerFactory(
                ClusterTrustManager.peers(node.rootCa(), node.clusterId(), requiredPeerRole));
    }

    /**
     * Trust for peers of {@code security}'s cluster with the given role under the roots it trusts at each handshake:
     * a root rotation changes whom the next handshake accepts, with no new context.
     */
    public static TrustManagerFactory trustManagerFactory(SecurityConfig security, String requiredPeerRole) {
        return new FixedTrustManagerFactory(ClusterTrustManager.peers(
                security.trustRoots(), security.current().clusterId(), requiredPeerRole));
    }

    /** Trust for the join bootstrap: any server certificate (the root is checked against the token after). */
    public static TrustManagerFactory joinTrustManagerFactory() {
        return new FixedTrustManagerFactory(ClusterTrustManager.joining());
    }

    /**
     * Checks a peer's chain as the trust managers do: issued by {@code rootCa}, valid now, O = the cluster
     * ID, and the required role if one is given. For code that sees certificates outside the handshake
     * (e.g. authorising an RPC from the session's peer certificates).
     */
    public static void verifyPeer(
            X509Certificate[] chain, X509Certificate rootCa, String clusterId, String requiredRole)
            throws CertificateException {
        verifyPeer(chain, List.of(rootCa), clusterId, requiredRole);
    }

    /**
     * As {@link #verifyPeer(X509Certificate[], X509Certificate, String, String)} for a trust bundle: the chain leads
     * to one of {@code roots}, directly or through the intermediate it carries (a node renewed during a root
     * rotation presents the new root cross-signed by the old one).
     */
    public static void verifyPeer(
            X509Certificate[] chain, List<X509Certificate> roots, String clusterId, String requiredRole)
            throws CertificateException {
        if (chain == null || chain.length == 0) throw new CertificateException("peer presented no certificate");
        RootCA.verifyChain(List.of(chain), roots, java.time.Clock.systemUTC());
        ClusterTrustManager.checkIdentity(chain[0], clusterId, requiredRole);
    }

    /** {@link #verifyPeer(X509Certificate[], X509Certificate, String, String)} against our own cluster. */
    public static void verifyPeer(X509Certificate[] chain, NodeCertificate self, String requiredRole)
            throws CertificateException {
        verifyPeer(chain, self.rootCa(), self.clusterId(), requiredRole);
    }

    private static SSLContext init(KeyManager[] keys, TrustManager[] trust) {
        try {
            SSLContext c = SSLContext.getInstance(PROTOCOL);
            c.init(keys, trust, new SecureRandom());
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the TLS context", e);
        }
    }

    private static final Provider PROVIDER = new Provider("SkepClusterTls", "1.0", "cluster trust managers") {};

    /** A TrustManagerFactory handing out one ready trust manager (what grpc-netty's builders accept). */
    private static final class FixedTrustManagerFactory extends TrustManagerFactory {
        FixedTrustManagerFactory(TrustManager tm) {
            super(
                    new TrustManagerFactorySpi() {
                        @Override
                        protected void engineInit(KeyStore ks) {}

                        @Override
                        protected void engineInit(ManagerFactoryParameters spec) {}

                        @Override
                        protected TrustManager[] engineGetTrustManagers() {
                            return new TrustManager[] {tm};
                        }
                    },
                    PROVIDER,
                    "SkepCluster");
        }
    }

    /** Applies the client-auth policy to every server socket and engine the context makes. */
    private static final class ClientAuthSpi extends SSLContextSpi {
        private final SSLContext base;
        private final boolean require;

        ClientAuthSpi(SSLContext base, boolean require) {
            this.base = base;
            this.require = require;
        }

        private <T> T apply(T target) {
            if (target instanceof SSLServerSocket s) {
                if (require) s.setNeedClientAuth(true);
                else s.setWantClientAuth(true);
            } else if (target instanceof SSLEngine e) {
                if (require) e.setNeedClientAuth(true);
                else e.setWantClientAuth(true);
            } else if (target instanceof SSLParameters p) {
                if (require) p.setNeedClientAuth(true);
                else p.setWantClientAuth(true);
            }
            return target;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("already initialised");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return base.getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            SSLServerSocketFactory f = base.getServerSocketFactory();
            return new SSLServerSocketFactory() {
                @Override
                public String[] getDefaultCipherSuites() {
                    return f.getDefaultCipherSuites();
                }

                @Override
                public String[] getSupportedCipherSuites() {
                    return f.getSupportedCipherSuites();
                }

                @Override
                public ServerSocket createServerSocket() throws IOException {
                    return apply(f.createServerSocket());
                }

                @Override
                public ServerSocket createServerSocket(int port) throws IOException {
                    return apply(f.createServerSocket(port));
                }

                @Override
                public ServerSocket createServerSocket(int port, int backlog) throws IOException {
                    return apply(f.createServerSocket(port, backlog));
                }

                @Override
                public ServerSocket createServerSocket(int port, int backlog, InetAddress addr) throws IOException {
                    return apply(f.createServerSocket(port, backlog, addr));
                }
            };
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return apply(base.createSSLEngine());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return apply(base.createSSLEngine(host, port));
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return base.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return base.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return apply(base.getDefaultSSLParameters());
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return base.getSupportedSSLParameters();
        }
    }
}
