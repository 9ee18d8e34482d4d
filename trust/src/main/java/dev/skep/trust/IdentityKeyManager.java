package dev.skep.trust;

import java.math.BigInteger;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager that presents whatever identity its supplier holds at the time of each handshake, instead of the
 * key store a {@code KeyManagerFactory} was loaded with once. A handshake first chooses an alias, then asks for
 * its chain and key: the alias names the certificate (its serial), and the previous identity is still answered
 * for, so a handshake that chose just before a renewal gets a key and chain that belong together.
 */
final class IdentityKeyManager extends X509ExtendedKeyManager {
    private static final String PREFIX = "swarm-node-";
    private final Supplier<NodeCertificate> current;
    private volatile NodeCertificate previous;

    IdentityKeyManager(Supplier<NodeCertificate> current) {
        this.current = current;
    }

    void remember(NodeCertificate replaced) {
        previous = replaced;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return aliasFor(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyTypes);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(new String[] {keyType});
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(new String[] {keyType});
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        String alias = aliasFor(new String[] {keyType});
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return getClientAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        NodeCertificate node = byAlias(alias);
        return node == null ? null : node.chain();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        NodeCertificate node = byAlias(alias);
        return node == null ? null : node.key();
    }

    /** The current identity's alias when its key fits one of the key types asked for (e.g. "EC", or "EC_EC"). */
    private String aliasFor(String[] keyTypes) {
        NodeCertificate node = current.get();
        String algorithm = node.key().getAlgorithm();
        if (keyTypes == null) return alias(node);
        for (String type : keyTypes) {
            if (type == null || type.equals(algorithm) || type.startsWith(algorithm + "_")) return alias(node);
        }
        return null;
    }

    private NodeCertificate byAlias(String alias) {
        NodeCertificate now = current.get();
        if (alias(now).equals(alias)) return now;
        NodeCertificate before = previous;
        return before != null && alias(before).equals(alias) ? before : null;
    }

    private static String alias(NodeCertificate node) {
        BigInteger serial = node.certificate().getSerialNumber();
        return PREFIX + serial.toString(16);
    }
}
