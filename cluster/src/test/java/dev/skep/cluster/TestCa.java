package dev.skep.cluster;

import dev.skep.api.validation.RpcErrors;
import dev.skep.cluster.ca.CertificateIssuer;
import dev.skep.trust.JoinTokens;
import dev.skep.trust.NodeCertificate;
import dev.skep.trust.NodeIdentity;
import dev.skep.trust.RootCA;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/** A throwaway cluster CA for tests: a root, node certificates, join tokens and an issuer that checks them. */
public final class TestCa {
    public static final String INVALID_TOKEN = "A valid join token is necessary to join this cluster";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final String clusterId;
    private final KeyPair rootKey = newKey();
    private final X509Certificate root;
    public final String workerToken;
    public final String managerToken;
    public final AtomicInteger issued = new AtomicInteger();
    private final AtomicInteger nodes = new AtomicInteger();

    public TestCa(String clusterId) {
        this.clusterId = clusterId;
        this.root = sign(new X500Principal("CN=swarm-ca"), rootKey.getPublic(), true);
        workerToken = JoinTokens.token(RootCA.digest(root));
        managerToken = JoinTokens.token(RootCA.digest(root));
    }

    public X509Certificate root() {
        return root;
    }

    public NodeCertificate node(String nodeId, String role) {
        return node(nodeId, role, clusterId);
    }

    /** A certificate signed by this root but naming any cluster. */
    public NodeCertificate node(String nodeId, String role, String cluster) {
        KeyPair key = newKey();
        return new NodeCertificate(key.getPrivate(), sign(subject(nodeId, role, cluster), key.getPublic(), false), root);
    }

    public CertificateIssuer issuer() {
        return (token, csrDer, nodeId) -> {
            String role = workerToken.equals(token) ? RootCA.WORKER
                    : managerToken.equals(token) ? RootCA.MANAGER : null;
            if (role == null) throw RpcErrors.invalidArgument(INVALID_TOKEN);
            issued.incrementAndGet();
            String id = nodeId != null ? nodeId : "node-" + nodes.incrementAndGet();
            return sign(subject(id, role, clusterId), publicKey(csrDer), false);
        };
    }

    private static PublicKey publicKey(byte[] csrDer) {
        try {
            return new JcaPKCS10CertificationRequest(new PKCS10CertificationRequest(csrDer)).getPublicKey();
        } catch (Exception e) {
            throw new IllegalArgumentException("bad certificate request", e);
        }
    }

    private static X500Principal subject(String nodeId, String role, String cluster) {
        return new X500Principal("CN=" + nodeId + ",OU=" + NodeIdentity.ou(role) + ",O=" + cluster);
    }

    private X509Certificate sign(X500Principal subject, PublicKey key, boolean ca) {
        try {
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(ca ? subject : root.getSubjectX500Principal(),
                    new BigInteger(64, RANDOM), Date.from(now.minus(Duration.ofMinutes(1))),
                    Date.from(now.plus(Duration.ofDays(1))), subject, key);
            if (ca) builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(rootKey.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair newKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
