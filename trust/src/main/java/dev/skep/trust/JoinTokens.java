package dev.skep.trust;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;

/**
 * Swarm join tokens: {@code SWMTKN-1-<SHA-256 of the root CA certificate (DER), base 36, zero-padded to 50>-
 * <16 random bytes, base 36, zero-padded to 25>}. A joining node checks the CA it downloads against the
 * digest; the whole token, compared in constant time with the cluster's current ones, decides the role.
 * Both sides use this class: the manager's CA and {@code swarm update --rotate-*-token}, and a joining node.
 */
public final class JoinTokens {
    public static final String INVALID = "invalid join token";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int DIGEST_LENGTH = 50;
    private static final int SECRET_LENGTH = 25;

    private JoinTokens() {}

    /** A token taken apart: its format version (1 or 2), the root CA digest (32 bytes) and the secret. */
    public record Parsed(int version, byte[] rootDigest, String secret) {}

    /** One token for the CA digest with a new secret. */
    public static String token(byte[] caDigest) {
        byte[] secret = new byte[16];
        RANDOM.nextBytes(secret);
        return "SWMTKN-1-" + base36(caDigest, DIGEST_LENGTH) + "-" + base36(secret, SECRET_LENGTH);
    }

    /** SHA-256 of the root CA certificate (DER); of the cluster ID when there is no CA. */
    public static byte[] caDigest(String rootCaPem, String clusterId) {
        if (rootCaPem != null && !rootCaPem.isBlank()) return RootCA.digest(Pem.certificate(rootCaPem));
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(clusterId).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Takes a token apart as SwarmKit does: {@code SWMTKN-1-<digest>-<secret>} or
     * {@code SWMTKN-2-<0|1>-<digest>-<secret>}; anything else is an {@link IllegalArgumentException}
     * "invalid join token".
     */
    public static Parsed parse(String token) {
        String[] parts = token == null ? new String[0] : token.trim().split("-", -1);
        if (parts.length < 4 || !parts[0].equals("SWMTKN")) throw new IllegalArgumentException(INVALID);
        int version;
        if (parts[1].equals("1") && parts.length == 4) {
            version = 1;
        } else if (parts[1].equals("2") && parts.length == 5 && (parts[2].equals("0") || parts[2].equals("1"))) {
            version = 2;
        } else {
            throw new IllegalArgumentException(INVALID);
        }
        String digest = parts[parts.length - 2];
        String secret = parts[parts.length - 1];
        if (digest.length() != DIGEST_LENGTH
                || secret.length() != SECRET_LENGTH
                || !isBase36(digest)
                || !isBase36(secret)) {
            throw new IllegalArgumentException(INVALID);
        }
        BigInteger d = new BigInteger(digest, 36);
        if (d.bitLength() > 256) throw new IllegalArgumentException(INVALID);
        return new Parsed(version, fixed(d, 32), secret);
    }

    /** Whether a root CA downloaded from a manager is the one the token was made for. */
    public static boolean checkRootCa(String token, X509Certificate rootCa) {
        return MessageDigest.isEqual(parse(token).rootDigest(), RootCA.digest(rootCa));
    }

    /** Constant-time comparison of a presented token with a cluster's current one. */
    public static boolean matches(String presented, String current) {
        if (presented == null || current == null) return false;
        return MessageDigest.isEqual(
                presented.trim().getBytes(StandardCharsets.UTF_8), current.getBytes(StandardCharsets.UTF_8));
    }

    /** The CA digest a token carries, to rebuild a token after rotating its secret. */
    private static String digestPart(String token) {
        String[] parts = token == null ? new String[0] : token.split("-");
        return parts.length >= 4 ? parts[parts.length - 2] : null;
    }

    /** A token with a new secret; its digest is the current root's when known, else the old token's. */
    public static String rotate(String token, String rootCaPem, String clusterId) {
        if (rootCaPem != null && !rootCaPem.isBlank()) return token(caDigest(rootCaPem, clusterId));
        String digest = digestPart(token);
        byte[] secret = new byte[16];
        RANDOM.nextBytes(secret);
        String d = digest != null ? digest : base36(caDigest(null, clusterId), DIGEST_LENGTH);
        return "SWMTKN-1-" + d + "-" + base36(secret, SECRET_LENGTH);
    }

    private static boolean isBase36(String s) {
        return s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'));
    }

    private static byte[] fixed(BigInteger v, int length) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }

    private static String base36(byte[] bytes, int width) {
        String s = new BigInteger(1, bytes).toString(36);
        return "0".repeat(Math.max(0, width - s.length())) + s;
    }
}
