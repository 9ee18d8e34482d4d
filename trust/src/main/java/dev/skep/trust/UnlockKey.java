package dev.skep.trust;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * A swarm's manager unlock key, shown to the operator as SwarmKit does: {@code SWMKEY-1-} followed by 32 random bytes
 * in unpadded standard base64. With autolock on, a manager's key-encryption key is derived from it
 * ({@link KeyWrap#kekFrom}).
 */
public final class UnlockKey {
    private static final String PREFIX = "SWMKEY-1-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;

    private UnlockKey(byte[] bytes) {
        this.bytes = bytes;
    }

    public static UnlockKey generate() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return new UnlockKey(b);
    }

    /**
     * Reads a key as the operator typed it (surrounding blanks ignored).
     *
     * @throws IllegalArgumentException when it is not an unlock key
     */
    public static UnlockKey parse(String text) {
        String t = text == null ? "" : text.strip();
        if (!t.startsWith(PREFIX)) throw new IllegalArgumentException("invalid key");
        try {
            byte[] b = Base64.getDecoder().decode(t.substring(PREFIX.length()));
            if (b.length != 32) throw new IllegalArgumentException("invalid key");
            return new UnlockKey(b);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid key", e);
        }
    }

    byte[] bytes() {
        return bytes.clone();
    }

    /** The key as the operator sees it: {@code SWMKEY-1-…}. */
    public String text() {
        return PREFIX + Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnlockKey k && Arrays.equals(k.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Never the key itself: it must not reach a log by accident. */
    @Override
    public String toString() {
        return "UnlockKey[redacted]";
    }
}
