package dev.skep.trust;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The cluster's root certificate authority (SwarmKit's {@code ca.RootCA}): a self-signed ECDSA P-256
 * certificate with CN {@code swarm-ca}, valid 20 years, and — on managers — its key, which signs node
 * certificates. Node certificates carry the node's identity in the subject: CN = node ID,
 * OU = {@code swarm-manager}/{@code swarm-worker}, O = cluster ID.
 */
public final class RootCA {
    public static final String CA_CN = "swarm-ca";
    public static final String MANAGER_OU = "swarm-manager";
    public static final String WORKER_OU = "swarm-worker";
    public static final String MANAGER = "manager";
    public static final String WORKER = "worker";
    public static final Duration ROOT_VALIDITY = Duration.ofSeconds(630_720_000L);
    public static final Duration DEFAULT_NODE_CERT_VALIDITY = Duration.ofHours(2160);
    public static final Duration MIN_NODE_CERT_VALIDITY = Duration.ofHours(1);
    /** Certificates start an hour in the past so that peers whose clocks lag still accept them. */
    public static final Duration BACKDATE = Duration.ofHours(1);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey key;
    private final Clock clock;

    private RootCA(X509Certificate certificate, PrivateKey key, Clock clock) {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.key = key;
        this.clock = clock;
    }

    public static RootCA create() {
        return create(Clock.systemUTC());
    }

    /** A new self-signed root for a new cluster. */
    public static RootCA create(Clock clock) {
        KeyPair pair = newKeyPair();
        Instant now = clock.instant();
        X500Name name =
                new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, CA_CN).build();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                            name,
                            serial(),
                            Date.from(now.minus(BACKDATE)),
                            Date.from(now.plus(ROOT_VALIDITY)),
                            name,
                            pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            return new RootCA(sign(b, pair.getPrivate()), pair.getPrivate(), clock);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot create the root CA", e);
        }
    }

    /** A root from PEM; {@code keyPem} may be null on nodes that only verify (workers). */
    public static RootCA fromPem(String certificatePem, String keyPem) {
        return new RootCA(
                Pem.certificate(certificatePem),
                keyPem == null || keyPem.isBlank() ? null : Pem.privateKey(keyPem),
                Clock.systemUTC());
    }

    public static RootCA of(X509Certificate certificate, PrivateKey keyOrNull) {
        return new RootCA(certificate, keyOrNull, Clock.systemUTC());
    }

    /** Loads the root certificate and, if {@code keyFile} is non-null and exists, its key. */
    public static RootCA load(Path certFile, Path keyFile) {
        String key = keyFile != null && java.nio.file.Files.exists(keyFile) ? Pem.read(keyFile) : null;
        return fromPem(Pem.read(certFile), key);
    }

    /** Writes the certificate, and the key (mode 0600) when this root has one and {@code keyFile} is given. */
    public void save(Path certFile, Path keyFile) {
        Pem.write(certFile, certificatePem());
        if (key != null && keyFile != null) Pem.write(keyFile, keyPem());
    }

    public RootCA withClock(Clock newClock) {
        return new RootCA(certificate, key, newClock);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey key() {
        return key;
    }

    public boolean canSign() {
        return key != null;
    }

    public String certificatePem() {
        return Pem.encode(certificate);
    }

    /** The key in PEM; null when this root cannot sign. */
    public String keyPem() {
        return key == null ? null : Pem.encode(key);
    }

    /** SHA-256 of the DER certificate: what join tokens carry. */
    public byte[] digest() {
        return digest(certificate);
    }

    public static byte[] digest(X509Certificate cert) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs a node certificate for a key proven by a PKCS#10 CSR (DER). */
    public X509Certificate issue(byte[] csrDer, String nodeId, String role, String clusterId, Duration validity) {
        return issue(NodeCsr.publicKeyOf(csrDer), nodeId, role, clusterId, validity);
    }

    /**
     * Signs a node certificate: CN = node ID, OU = swarm-manager/swarm-worker, O = cluster ID, DNS names
     * the OU and the node ID, usable as TLS server and client. {@code validity} null means 90 days.
     */
    public X509Certificate issue(PublicKey publicKey, String nodeId, String role, String clusterId, Duration validity) {
        if (key == null) throw new IllegalStateException("this root CA has no signing key");
        String ou = NodeIdentity.ou(role);
        requireText(nodeId, "node ID");
        requireText(clusterId, "cluster ID");
        Duration life = validity == null || validity.isZero() ? DEFAULT_NODE_CERT_VALIDITY : validity;
        Instant now = clock.instant();
        Date notAfter = Date.from(min(now.plus(life), certificate.getNotAfter().toInstant()));
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, clusterId)
                .addRDN(BCStyle.OU, ou)
                .addRDN(BCStyle.CN, nodeId)
                .build();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                            certificate, serial(), Date.from(now.minus(BACKDATE)), notAfter, subject, publicKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(
                            Extension.keyUsage,
                            true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                        KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                    }))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, ou), new GeneralName(GeneralName.dNSName, nodeId)
                    }))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey))
                    // The key identifier alone: the issuer may be a root or its cross-signed form (same name and
                    // key, another serial), and a node certificate must chain to whichever the peer trusts.
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            ext.createAuthorityKeyIdentifier(certificate.getPublicKey()));
            return sign(b, key);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot sign the node certificate", e);
        }
    }

    /**
     * {@code next} re-certified by this root (SwarmKit's {@code CrossSignCACertificate}): the same subject,
     * public key and validity, issued by this root. A node certificate signed by {@code next}'s key and
     * presented with this intermediate chains to this (old) root as well as to {@code next} itself, so old and
     * new trust overlap while a root rotation is under way.
     */
    public X509Certificate crossSign(X509Certificate next) {
        if (key == null) throw new IllegalStateException("this root CA has no signing key");
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                            certificate,
                            serial(),
                            next.getNotBefore(),
                            next.getNotAfter(),
                            next.getSubjectX500Principal(),
                            next.getPublicKey())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(next.getPublicKey()))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            ext.createAuthorityKeyIdentifier(certificate.getPublicKey()));
            return sign(b, key);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot cross-sign the new root CA", e);
        }
    }

    /** Whether {@code cert} is this root or carries its subject and public key (its cross-signed form). */
    public boolean isSameAuthority(X509Certificate cert) {
        return cert.getSubjectX500Principal().equals(certificate.getSubjectX500Principal())
                && cert.getPublicKey().equals(certificate.getPublicKey());
    }

    /** Checks that this root signed {@code cert} and that it is valid now; the message says what is wrong. */
    public void verify(X509Certificate cert) throws CertificateException {
        if (cert == null) throw new CertificateException("no certificate");
        if (!cert.getIssuerX500Principal().equals(certificate.getSubjectX500Principal())) {
            throw new CertificateException("certificate not issued by this cluster's root CA");
        }
        try {
            cert.verify(certificate.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new CertificateException("certificate signed by unknown authority", e);
        }
        Date now = Date.from(clock.instant());
        try {
            cert.checkValidity(now);
            certificate.checkValidity(now);
        } catch (CertificateExpiredException e) {
            throw new CertificateExpiredException(
                    "certificate has expired (valid until " + cert.getNotAfter().toInstant() + ")");
        } catch (CertificateNotYetValidException e) {
            throw new CertificateNotYetValidException("certificate is not yet valid (valid from "
                    + cert.getNotBefore().toInstant() + ")");
        }
    }

    /**
     * Checks that {@code chain} (a certificate, then its intermediates) leads to one of {@code roots}: the
     * certificate is signed by a root, or by an intermediate that a root signed (the cross-signed new root of a
     * rotation). Everything must be valid at {@code clock}'s time. The message says what is wrong.
     */
    public static void verifyChain(List<X509Certificate> chain, List<X509Certificate> roots, Clock clock)
            throws CertificateException {
        if (chain == null || chain.isEmpty()) throw new CertificateException("no certificate");
        X509Certificate leaf = chain.get(0);
        CertificateException first = null;
        for (X509Certificate root : roots) {
            RootCA trusted = new RootCA(root, null, clock);
            try {
                trusted.verify(leaf);
                return;
            } catch (CertificateException e) {
                if (first == null) first = e;
            }
            for (X509Certificate intermediate : chain.subList(1, chain.size())) {
                if (intermediate.getBasicConstraints() < 0 || !trusted.isValid(intermediate)) continue;
                if (new RootCA(intermediate, null, clock).isValid(leaf)) return;
            }
        }
        throw first != null ? first : new CertificateException("no root CA to verify against");
    }

    public boolean isValid(X509Certificate cert) {
        try {
            verify(cert);
            return true;
        } catch (CertificateException e) {
            return false;
        }
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no ECDSA P-256 support", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(128, RANDOM).setBit(127);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static void requireText(String s, String what) {
        if (s == null || s.isBlank()) throw new IllegalArgumentException(what + " is required");
    }
}
