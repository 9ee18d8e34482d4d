package dev.skep.trust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's TLS identity in the swarm: its key, its certificate (CN = node ID, OU = swarm-manager or
 * swarm-worker, O = cluster ID) and the cluster's root CA certificate that every peer trusts.
 * All cluster-port traffic (join, dispatcher, Raft) is mutual TLS with these.
 * On disk it lives as SwarmKit lays it out: {@code <data-dir>/certificates/swarm-node.crt},
 * {@code swarm-node.key} (mode 0600) and {@code swarm-root-ca.crt}. A certificate issued during a root
 * rotation comes with the cross-signed intermediate (the new root certified by the old one), which the node
 * presents after its certificate and keeps after it in {@code swarm-node.crt}, as SwarmKit does.
 */
public record NodeCertificate(
        PrivateKey key, X509Certificate certificate, X509Certificate rootCa, List<X509Certificate> intermediates) {
    public static final String DIRECTORY = "certificates";
    public static final String CERT_FILE = "swarm-node.crt";
    public static final String KEY_FILE = "swarm-node.key";
    public static final String ROOT_CA_FILE = "swarm-root-ca.crt";
    /** A renewed certificate written before its key replaces the old one (see {@link #saveRenewal}). */
    static final String PENDING_CERT_FILE = "swarm-node.crt.next";

    public NodeCertificate {
        intermediates = intermediates == null ? List.of() : List.copyOf(intermediates);
    }

    public NodeCertificate(PrivateKey key, X509Certificate certificate, X509Certificate rootCa) {
        this(key, certificate, rootCa, List.of());
    }

    /** {@code <dataDir>/certificates}. */
    public static Path directory(Path dataDir) {
        return dataDir.resolve(DIRECTORY);
    }

    /** Whether {@code dir} (the certificates directory) holds a complete identity. */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(CERT_FILE))
                && Files.isRegularFile(dir.resolve(KEY_FILE))
                && Files.isRegularFile(dir.resolve(ROOT_CA_FILE));
    }

    /**
     * Reads the identity from {@code dir} (the certificates directory), first finishing a renewal that a crash
     * interrupted after the new key was written (the key then fits the pending certificate, not the old one).
     */
    public static NodeCertificate load(Path dir) {
        PrivateKey key = Pem.privateKey(Pem.read(dir.resolve(KEY_FILE)));
        List<X509Certificate> chain = Pem.certificates(Pem.read(dir.resolve(CERT_FILE)));
        Path pending = dir.resolve(PENDING_CERT_FILE);
        if (Files.isRegularFile(pending)) {
            List<X509Certificate> next = Pem.certificates(Pem.read(pending));
            if (!KeyPairs.belongTogether(key, chain.get(0)) && KeyPairs.belongTogether(key, next.get(0))) {
                PrivateFiles.replace(pending, dir.resolve(CERT_FILE));
                chain = next;
            } else {
                deletePending(pending); // the crash came before the key was replaced: the old pair stands
            }
        }
        return new NodeCertificate(
                key,
                chain.get(0),
                Pem.certificate(Pem.read(dir.resolve(ROOT_CA_FILE))),
                chain.subList(1, chain.size()));
    }

    /** Writes the identity into {@code dir} (the certificates directory, 0700); every file is 0600. */
    public void save(Path dir) {
        Pem.write(dir.resolve(ROOT_CA_FILE), rootCaPem());
        Pem.write(dir.resolve(KEY_FILE), Pem.encode(key));
        Pem.write(dir.resolve(CERT_FILE), chainPem());
    }

    /**
     * Replaces the saved identity by this renewed one so that a crash at any point leaves a key and certificate
     * that belong together: the new certificate is staged, then the key replaced, then the staged certificate
     * renamed over the old one; {@link #load} finishes the last step if the crash came just before it. Every
     * write is atomic ({@link PrivateFiles}).
     */
    public void saveRenewal(Path dir) {
        Path pending = dir.resolve(PENDING_CERT_FILE);
        Pem.write(pending, chainPem());
        Pem.write(dir.resolve(ROOT_CA_FILE), rootCaPem());
        Pem.write(dir.resolve(KEY_FILE), Pem.encode(key));
        PrivateFiles.replace(pending, dir.resolve(CERT_FILE));
    }

    private static void deletePending(Path pending) {
        try {
            Files.deleteIfExists(pending);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Who this certificate names: node ID, role and cluster ID. */
    public NodeIdentity identity() {
        return NodeIdentity.of(certificate);
    }

    public String nodeId() {
        return identity().nodeId();
    }

    /** "manager" or "worker". */
    public String role() {
        return identity().role();
    }

    public String clusterId() {
        return identity().clusterId();
    }

    public boolean isManager() {
        return identity().isManager();
    }

    public String certificatePem() {
        return Pem.encode(certificate);
    }

    /** The certificate then its intermediates, PEM: what {@code swarm-node.crt} holds. */
    public String chainPem() {
        StringBuilder b = new StringBuilder(certificatePem());
        intermediates.forEach(c -> b.append(Pem.encode(c)));
        return b.toString();
    }

    public String rootCaPem() {
        return Pem.encode(rootCa);
    }

    /** The chain a TLS peer presents: this node's certificate, its intermediates, then the root. */
    public X509Certificate[] chain() {
        List<X509Certificate> out = new ArrayList<>();
        out.add(certificate);
        out.addAll(intermediates);
        out.add(rootCa);
        return out.toArray(X509Certificate[]::new);
    }

    /** The same key and certificate trusting another root (a root rotation finished). */
    public NodeCertificate withRootCa(X509Certificate newRoot) {
        return new NodeCertificate(key, certificate, newRoot, intermediates);
    }

    /** The same key with a renewed certificate (new role or expiry) issued by the same root, directly. */
    public NodeCertificate withCertificate(X509Certificate renewed) {
        return new NodeCertificate(key, renewed, rootCa, List.of());
    }
}
