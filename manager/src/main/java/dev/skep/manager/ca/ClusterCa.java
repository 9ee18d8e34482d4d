package dev.skep.manager.ca;

import dev.skep.api.model.Cluster;
import dev.skep.api.model.TlsInfo;
import dev.skep.api.time.GoDuration;
import dev.skep.trust.JoinTokens;
import dev.skep.trust.RootCA;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

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
        X509Certificate c = root.certificate();
        Base64.Encoder b64 = Base64.getEncoder();
        return new TlsInfo(
                root.certificatePem(),
                b64.encodeToString(c.getSubjectX500Principal().getEncoded()),
                b64.encodeToString(c.getPublicKey().getEncoded()));
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
     * A spec update from a client never carries the signing pair (it read the cluster without it), so the
     * current pair is kept; root rotation is not supported.
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
