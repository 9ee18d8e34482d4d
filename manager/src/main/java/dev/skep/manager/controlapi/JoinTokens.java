package dev.skep.manager.controlapi;

import dev.skep.api.model.Cluster;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Swarm join tokens: {@code SWMTKN-1-<digest of the root CA, base 36, 50 chars>-<random secret, base 36,
 * 25 chars>}. A joining node checks the CA it downloads against the digest; the secret decides the role.
 */
public final class JoinTokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private JoinTokens() {
    }

    /** Fresh worker and manager tokens for a cluster whose root CA is the PEM (or, before a CA exists, its ID). */
    public static Cluster.JoinTokens generate(String rootCaPem, String clusterId) {
        byte[] digest = caDigest(rootCaPem, clusterId);
        return new Cluster.JoinTokens(token(digest), token(digest));
    }

    /** One token for the CA digest with a new secret. */
    public static String token(byte[] caDigest) {
        byte[] secret = new byte[16];
        RANDOM.nextBytes(secret);
        return "SWMTKN-1-" + base36(caDigest, 50) + "-" + base36(secret, 25);
    }

    /** SHA-256 of the root CA certificate (DER inside the PEM); of the cluster ID when there is no CA yet. */
    public static byte[] caDigest(String rootCaPem, String clusterId) {
        byte[] material = rootCaPem == null || rootCaPem.isBlank()
                ? String.valueOf(clusterId).getBytes(StandardCharsets.UTF_8)
                : der(rootCaPem);
        try {
            return MessageDigest.getInstance("SHA-256").digest(material);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The CA digest a token carries, to rebuild a token after rotating its secret. */
    static String digestPart(String token) {
        String[] parts = token == null ? new String[0] : token.split("-");
        return parts.length == 4 ? parts[2] : null;
    }

    static String rotate(String token, String rootCaPem, String clusterId) {
        String digest = digestPart(token);
        byte[] secret = new byte[16];
        RANDOM.nextBytes(secret);
        String d = digest != null ? digest : base36(caDigest(rootCaPem, clusterId), 50);
        return "SWMTKN-1-" + d + "-" + base36(secret, 25);
    }

    private static byte[] der(String pem) {
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            return pem.getBytes(StandardCharsets.UTF_8);
        }
    }

    private static String base36(byte[] bytes, int width) {
        String s = new BigInteger(1, bytes).toString(36);
        return "0".repeat(Math.max(0, width - s.length())) + s;
    }
}
