package dev.skep.manager.ca;

import dev.skep.api.model.Cluster;
import dev.skep.api.model.TlsInfo;
import dev.skep.api.time.GoDuration;
import dev.skep.trust.JoinTokens;
import dev.skep.trust.NodeCertificate;
import dev.skep.trust.Pem;
import dev.skep.trust.RootCA;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where the root CA lives in the replicated store, as SwarmKit keeps it in the raft log so that any manager
 * can sign: the certificate in {@code TLSInfo.TrustRoot} (public) and, with its key, in
 * {@code Spec.CAConfig.SigningCACert/SigningCAKey}, which {@link Cluster#withoutSecrets()} strips before
 * the cluster leaves the HTTP API.
 */
public final class ClusterCa {
    private ClusterCa() {}

    /** The cluster with this root CA recorded (trust root, issuer fields, signing pair). */
    public static Cluster withRootCa(Cluster cluster, RootCA root) {
        Cluster.Spec spec = cluster.spec() != null
                ? cluster.spec()
                : new Cluster.Spec(null, Map.of(), null, null, null, null, null, null);
        Cluster.CaConfig ca = spec.caConfig();
        Cluster.CaConfig withKey = new Cluster.CaConfig(
                ca == null ? null : ca.nodeCertExpiry(),
                ca == null ? null : ca.externalCAs(),
                root.certificatePem(),
                root.keyPem(),
                ca == null ? null : ca.forceRotate());
        return cluster.withSpec(new Cluster.Spec(
                        spec.name(),
                        spec.labels(),
                        spec.orchestration(),
                        spec.raft(),
                        spec.dispatcher(),
                        withKey,
                        spec.encryptionConfig(),
                        spec.taskDefaults()))
                .withTlsInfo(tlsInfo(root));
    }

    /** TLSInfo as dockerd shows it: the root PEM, its DER subject and public key info in base 64. */
    public static TlsInfo tlsInfo(RootCA root) {
        return tlsInfo(root.certificatePem(), root.certificate());
    }

    /**
     * A TLSInfo: the trust root (PEM) and the subject and public key (DER, base 64) of {@code issuer}, the
     * certificate that signed a node's certificate (for the cluster: the root itself).
     */
    public static TlsInfo tlsInfo(String trustRootPem, X509Certificate issuer) {
        Base64.Encoder b64 = Base64.getEncoder();
        return new TlsInfo(
                trustRootPem,
                b64.encodeToString(issuer.getSubjectX500Principal().getEncoded()),
                b64.encodeToString(issuer.getPublicKey().getEncoded()));
    }

    /** A node's TLSInfo: its trust root, and the issuer of its certificate (its intermediate, else the root). */
    public static TlsInfo tlsInfo(NodeCertificate node) {
        X509Certificate issuer = node.intermediates().isEmpty()
                ? node.rootCa()
                : node.intermediates().get(0);
        return tlsInfo(node.rootCaPem(), issuer);
    }

    /** Whether {@code info} names the same issuer (subject and public key) as {@code wanted}. */
    public static boolean sameIssuer(TlsInfo info, TlsInfo wanted) {
        return info != null
                && wanted != null
                && Objects.equals(info.certIssuerSubject(), wanted.certIssuerSubject())
                && Objects.equals(info.certIssuerPublicKey(), wanted.certIssuerPublicKey());
    }

    /**
     * The certificate of this cluster's that signed {@code leaf}: its root, or during a rotation the new root
     * (or its cross-signed form, the same subject and key); null when none did.
     */
    public static X509Certificate issuerOf(Cluster cluster, X509Certificate leaf) {
        for (X509Certificate candidate : trustRoots(cluster)) {
            try {
                leaf.verify(candidate.getPublicKey());
                return candidate;
            } catch (java.security.GeneralSecurityException e) {
                // not this one
            }
        }
        return null;
    }

    /**
     * The issuer every node's certificate should come from: the new root while a rotation is under way
     * (SwarmKit's {@code IssuerFromAPIRootCA}), else the cluster's root.
     */
    public static TlsInfo desiredIssuer(Cluster cluster) {
        Cluster.RootRotation r = cluster.rootRotation();
        if (r != null) return tlsInfo(r.caCert(), Pem.certificate(r.caCert()));
        return cluster.tlsInfo();
    }

    /**
     * What signs node certificates now: during a rotation the new root's key with the cross-signed certificate as
     * issuer (SwarmKit's {@code RootCAFromAPI}), so that the certificates chain to the old and the new root.
     */
    public static RootCA signer(Cluster cluster) {
        Cluster.RootRotation r = cluster.rootRotation();
        if (r != null && r.caKey() != null) {
            return RootCA.of(Pem.certificate(r.crossSignedCaCert()), Pem.privateKey(r.caKey()));
        }
        return rootCa(cluster);
    }

    /** The certificates issued now come with these (the cross-signed intermediate during a rotation). */
    public static List<X509Certificate> intermediates(Cluster cluster) {
        Cluster.RootRotation r = cluster.rootRotation();
        return r == null ? List.of() : List.of(Pem.certificate(r.crossSignedCaCert()));
    }

    /** The roots a node of the cluster trusts now: the cluster's root and, during a rotation, the new one. */
    public static List<X509Certificate> trustRoots(Cluster cluster) {
        List<X509Certificate> out = new ArrayList<>();
        RootCA root = rootCa(cluster);
        if (root != null) out.add(root.certificate());
        if (cluster.rootRotation() != null)
            out.add(Pem.certificate(cluster.rootRotation().caCert()));
        return out;
    }

    /**
     * The rotation finished (SwarmKit's {@code finishRootRotation}): the new root becomes the cluster's root, the
     * old one is retired, and both join tokens are new ones for the new root's digest.
     */
    public static Cluster finishRotation(Cluster cluster) {
        Cluster.RootRotation r = cluster.rootRotation();
        if (r == null) return cluster;
        RootCA next = RootCA.fromPem(r.caCert(), r.caKey());
        return withRootCa(cluster, next).withRootRotation(null).withJoinTokens(newJoinTokens(next));
    }

    /** Fresh worker and manager join tokens for the cluster's root CA. */
    public static Cluster.JoinTokens newJoinTokens(RootCA root) {
        return new Cluster.JoinTokens(JoinTokens.token(root.digest()), JoinTokens.token(root.digest()));
    }

    /**
     * Fresh worker and manager tokens for a cluster whose root CA is the PEM. Without a PEM (tests and
     * callers that have no CA) the digest is of the cluster ID, and no downloaded root will match it.
     */
    public static Cluster.JoinTokens newJoinTokens(String rootCaPem, String clusterId) {
        byte[] digest = JoinTokens.caDigest(rootCaPem, clusterId);
        return new Cluster.JoinTokens(JoinTokens.token(digest), JoinTokens.token(digest));
    }

    /** The cluster's root CA with its signing key; null if the cluster has none recorded. */
    public static RootCA rootCa(Cluster cluster) {
        Cluster.CaConfig ca = cluster.spec() == null ? null : cluster.spec().caConfig();
        if (ca != null && ca.signingCACert() != null && ca.signingCAKey() != null) {
            return RootCA.fromPem(ca.signingCACert(), ca.signingCAKey());
        }
        String trustRoot = cluster.tlsInfo() == null ? null : cluster.tlsInfo().trustRoot();
        return trustRoot == null || trustRoot.isBlank() ? null : RootCA.fromPem(trustRoot, null);
    }

    /**
     * A spec update from a client never carries the cluster's signing pair (it read the cluster without it): the
     * current pair is kept. A pair the client does send asks for a root rotation ({@link RootRotations}), which
     * changes the pair only when it finishes.
     */
    public static Cluster.Spec keepSigningCa(Cluster.Spec current, Cluster.Spec next) {
        Cluster.CaConfig cur = current == null ? null : current.caConfig();
        if (next == null || cur == null || cur.signingCAKey() == null) return next;
        Cluster.CaConfig n = next.caConfig();
        Cluster.CaConfig kept = new Cluster.CaConfig(
                n == null ? cur.nodeCertExpiry() : n.nodeCertExpiry(),
                n == null ? cur.externalCAs() : n.externalCAs(),
                cur.signingCACert(),
                cur.signingCAKey(),
                n == null ? cur.forceRotate() : n.forceRotate());
        return new Cluster.Spec(
                next.name(),
                next.labels(),
                next.orchestration(),
                next.raft(),
                next.dispatcher(),
                kept,
                next.encryptionConfig(),
                next.taskDefaults());
    }

    /** The system property that lowers {@link #minNodeCertExpiry()}, for tests. */
    public static final String MIN_EXPIRY_PROPERTY = "skep.minCertExpiry";
    /** The environment variable that lowers {@link #minNodeCertExpiry()}, for tests (the property wins). */
    public static final String MIN_EXPIRY_ENV = "SKEP_MIN_CERT_EXPIRY";

    /**
     * Node certificate lifetime from {@code Spec.CAConfig.NodeCertExpiry} (nanoseconds); 90 days if unset or, as
     * SwarmKit's signing policy has it, below the minimum.
     */
    public static Duration nodeCertExpiry(Cluster cluster) {
        Cluster.CaConfig ca = cluster.spec() == null ? null : cluster.spec().caConfig();
        Long nanos = ca == null ? null : ca.nodeCertExpiry();
        if (nanos == null || nanos <= 0) return RootCA.DEFAULT_NODE_CERT_VALIDITY;
        Duration asked = Duration.ofNanos(nanos);
        return asked.compareTo(minNodeCertExpiry()) < 0 ? RootCA.DEFAULT_NODE_CERT_VALIDITY : asked;
    }

    /**
     * The shortest node certificate lifetime {@code swarm update --cert-expiry} accepts: Swarm's hour. Tests that
     * run several lifetimes set a shorter one (a Go duration such as {@code 20s}) in the daemon's environment
     * ({@value #MIN_EXPIRY_ENV}) or system properties ({@value #MIN_EXPIRY_PROPERTY}); no API can lower it.
     */
    public static Duration minNodeCertExpiry() {
        String text = System.getProperty(MIN_EXPIRY_PROPERTY, System.getenv(MIN_EXPIRY_ENV));
        if (text == null || text.isBlank()) return RootCA.MIN_NODE_CERT_VALIDITY;
        try {
            long nanos = GoDuration.parse(text.strip());
            return nanos > 0 ? Duration.ofNanos(nanos) : RootCA.MIN_NODE_CERT_VALIDITY;
        } catch (IllegalArgumentException e) {
            return RootCA.MIN_NODE_CERT_VALIDITY;
        }
    }
}
