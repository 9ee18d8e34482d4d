package dev.skep.trust;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The one trust manager of a swarm's TLS: the cluster port (gRPC), Raft between managers, and the join
 * bootstrap. A peer of the cluster presents a chain that PKIX-validates up to the cluster's root CA (the only
 * trust anchor), whose leaf has O = the cluster ID and, when one is required, the right role OU. Host names
 * are not checked: a peer's identity is its node certificate, as in SwarmKit ({@code ca/auth.go}).
 * Each side of the handshake has its own policy, so the two cases where one side is checked later are the
 * same class: a joining node (any server; the root is checked against the token after) and the cluster port's
 * server (any client through the handshake; the caller is checked per call, with a message).
 */
public final class ClusterTrustManager extends X509ExtendedTrustManager {
    private final Policy clients;
    private final Policy servers;
    private final Supplier<X509Certificate[]> acceptedIssuers;

    /** How the chain presented by one side of the handshake is judged. */
    @FunctionalInterface
    private interface Policy {
        void check(X509Certificate[] chain, String authType, boolean client) throws CertificateException;
    }

    private ClusterTrustManager(Policy clients, Policy servers, X509Certificate[] acceptedIssuers) {
        this(clients, servers, () -> acceptedIssuers);
    }

    private ClusterTrustManager(Policy clients, Policy servers, Supplier<X509Certificate[]> acceptedIssuers) {
        this.clients = clients;
        this.servers = servers;
        this.acceptedIssuers = acceptedIssuers;
    }

    /**
     * Trusts the peers of one cluster on either side. {@code clusterId} null accepts any O; {@code requiredRole}
     * ("manager"/"worker", or its OU) null accepts managers and workers.
     */
    public static ClusterTrustManager peers(X509Certificate rootCa, String clusterId, String requiredRole) {
        return peers(List.of(rootCa), clusterId, requiredRole);
    }

    /**
     * Trusts the peers of one cluster under any of {@code roots}: during a root rotation a node's trust bundle
     * holds the old and the new root, so peers still on the old root and peers already renewed under the new
     * one are both accepted (the renewed ones also chain to the old root through the cross-signed intermediate
     * they present, for peers that trust only the old root).
     */
    public static ClusterTrustManager peers(List<X509Certificate> roots, String clusterId, String requiredRole) {
        if (roots.isEmpty()) throw new IllegalArgumentException("at least one root CA is required");
        if (requiredRole != null) NodeIdentity.requireRole(requiredRole);
        X509TrustManager pkix = pkixTrusting(roots);
        Policy peer = (chain, authType, client) -> {
            if (chain == null || chain.length == 0) throw new CertificateException("the peer sent no certificate");
            if (client) pkix.checkClientTrusted(chain, authType);
            else pkix.checkServerTrusted(chain, authType);
            checkIdentity(chain[0], clusterId, requiredRole);
        };
        return new ClusterTrustManager(peer, peer, roots.toArray(X509Certificate[]::new));
    }

    /**
     * Trusts the peers of one cluster under the roots {@code roots} holds at each handshake: a node's trust follows
     * a root rotation (both roots while it runs, the new one once it finished) without new TLS contexts.
     */
    public static ClusterTrustManager peers(TrustRoots roots, String clusterId, String requiredRole) {
        if (requiredRole != null) NodeIdentity.requireRole(requiredRole);
        Policy peer = (chain, authType, client) -> {
            ClusterTrustManager now = roots.trustManager(clusterId, requiredRole);
            if (client) now.checkClientTrusted(chain, authType);
            else now.checkServerTrusted(chain, authType);
        };
        return new ClusterTrustManager(peer, peer, () -> roots.get().toArray(X509Certificate[]::new));
    }

    /** A joining node's trust: any server (nothing secret is sent before the root is checked), no client. */
    public static ClusterTrustManager joining() {
        return new ClusterTrustManager(
                refuse("a joining node does not accept clients"), (chain, authType, c) -> {}, new X509Certificate[0]);
    }

    /**
     * The cluster port's server side: any client certificate passes the handshake (which still proves the
     * client holds its key), so that a wrong one is refused per call with a message instead of a bare handshake
     * failure, and a joining node without a certificate reaches the CA.
     */
    public static ClusterTrustManager clientsCheckedPerCall(X509Certificate rootCa) {
        return new ClusterTrustManager(
                (chain, authType, c) -> {}, refuse("server side only"), new X509Certificate[] {rootCa});
    }

    /** {@link #clientsCheckedPerCall(X509Certificate)} naming the roots {@code roots} holds at each handshake. */
    public static ClusterTrustManager clientsCheckedPerCall(TrustRoots roots) {
        return new ClusterTrustManager(
                (chain, authType, c) -> {},
                refuse("server side only"),
                () -> roots.get().toArray(X509Certificate[]::new));
    }

    /**
     * Checks the leaf's identity as the handshake does after PKIX: O = {@code clusterId} (unless null), a swarm
     * role, and {@code requiredRole} ("manager"/"worker", or its OU) unless null.
     */
    static void checkIdentity(X509Certificate leaf, String clusterId, String requiredRole) throws CertificateException {
        String role = requiredRole == null ? null : NodeIdentity.requireRole(requiredRole);
        NodeIdentity identity = NodeIdentity.of(leaf);
        if (clusterId != null && !clusterId.equals(identity.clusterId())) {
            throw new CertificateException("certificate is for cluster " + identity.clusterId() + ", not " + clusterId);
        }
        if (identity.role() == null) throw new CertificateException("certificate has no swarm role");
        if (role != null && !role.equals(identity.role())) {
            throw new CertificateException("peer is a " + identity.role() + ", a " + role + " is required");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        clients.check(chain, authType, true);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        servers.check(chain, authType, false);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return acceptedIssuers.get().clone();
    }

    private static Policy refuse(String why) {
        return (chain, authType, client) -> {
            throw new CertificateException(why);
        };
    }

    private static X509TrustManager pkixTrusting(List<X509Certificate> roots) {
        try {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            for (int i = 0; i < roots.size(); i++) anchors.setCertificateEntry("swarm-root-ca-" + i, roots.get(i));
            TrustManagerFactory f = TrustManagerFactory.getInstance("PKIX");
            f.init(anchors);
            for (TrustManager tm : f.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) return x;
            }
            throw new IllegalStateException("no X509 trust manager");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the cluster trust store", e);
        }
    }
}
