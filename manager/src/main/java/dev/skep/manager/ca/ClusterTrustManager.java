package dev.skep.manager.ca;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Trusts exactly the peers of one cluster: a chain that PKIX-validates up to the cluster's root CA (the
 * only trust anchor), whose leaf has O = the cluster ID and, when one is required, the right role OU.
 * Host names are not checked: a peer's identity is its node certificate, as in SwarmKit.
 */
public final class ClusterTrustManager extends X509ExtendedTrustManager {
    private final X509TrustManager pkix;
    private final X509Certificate rootCa;
    private final String clusterId;
    private final String requiredRole;

    /** {@code clusterId} null accepts any O; {@code requiredRole} null accepts managers and workers. */
    public ClusterTrustManager(X509Certificate rootCa, String clusterId, String requiredRole) {
        this.rootCa = rootCa;
        this.clusterId = clusterId;
        this.requiredRole = requiredRole;
        this.pkix = pkixTrusting(rootCa);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkClientTrusted(chain, authType);
        checkIdentity(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkServerTrusted(chain, authType);
        checkIdentity(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[] {rootCa};
    }

    private void checkIdentity(X509Certificate[] chain) throws CertificateException {
        TlsContexts.checkIdentity(chain[0], clusterId, requiredRole);
    }

    static X509TrustManager pkixTrusting(X509Certificate rootCa) {
        try {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            anchors.setCertificateEntry("swarm-root-ca", rootCa);
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
