package dev.skep.store.raft;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Who may talk Raft to this member: a peer whose certificate chains to the cluster's root CA (and carries the
 * required role, when one is set). Host names are not checked: members are addressed by IP and identified by
 * certificate, as in Swarm.
 */
final class PeerTrust extends X509ExtendedTrustManager {
    private final X509Certificate rootCa;
    private final String requiredRole;

    private PeerTrust(X509Certificate rootCa, String requiredRole) {
        this.rootCa = rootCa;
        this.requiredRole = requiredRole;
    }

    static X509ExtendedTrustManager trustManager(RaftConfig.Tls tls) {
        return new PeerTrust(tls.rootCa(), tls.requiredRole());
    }

    static KeyManager keyManager(RaftConfig.Tls tls) {
        try {
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("member", tls.key(), password,
                    new X509Certificate[] {tls.certificate(), tls.rootCa()});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory.getKeyManagers()[0];
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("unusable Raft TLS key or certificate: " + e.getMessage(), e);
        }
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) throw new CertificateException("the peer sent no certificate");
        try {
            // The root itself is not part of the path to validate.
            List<X509Certificate> path = Arrays.stream(chain).filter(c -> !c.equals(rootCa)).toList();
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(rootCa, null)));
            params.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("the peer's certificate is not from this cluster's CA: " + e.getMessage(),
                    e);
        }
        if (requiredRole != null && !requiredRole.equals(role(chain[0]))) {
            throw new CertificateException("the peer's certificate is for role " + role(chain[0]) + ", not "
                    + requiredRole);
        }
    }

    /** The certificate's OU, where Swarm keeps the node's role. */
    private static String role(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("OU")) return rdn.getValue().toString();
            }
            return null;
        } catch (InvalidNameException e) {
            return null;
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[] {rootCa};
    }
}
