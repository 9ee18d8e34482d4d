package dev.skep.trust;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * Wraps a manager's data keys under its key-encryption key (KEK) for its state file, with AES-256-GCM (a random
 * nonce, the purpose bound in as associated data). The KEK is random and kept beside the wrapped keys when autolock
 * is off (as SwarmKit keeps it unencrypted in the node's state), or derived from the unlock key with HKDF-SHA256 when
 * autolock is on, so the keys can only be unwrapped by someone who types the unlock key. The unlock key is already
 * 256 random bits, so a key-derivation function (not a password hash) is the right tool.
 */
public final class KeyWrap {
    private static final byte[] PURPOSE = "skep data keys v1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** An unwrap with a key that did not wrap the data (or of altered data). */
    public static final class WrongKey extends RuntimeException {
        WrongKey(Throwable cause) {
            super("invalid key", cause);
        }

        /** No key was given where one is needed. */
        public WrongKey() {
            this(null);
        }
    }

    private KeyWrap() {}

    /** A fresh random KEK (autolock off). */
    public static byte[] randomKek() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return k;
    }

    /** The KEK an unlock key stands for (autolock on). */
    public static byte[] kekFrom(UnlockKey key) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(key.bytes(), PURPOSE, "skep manager KEK".getBytes(StandardCharsets.US_ASCII)));
        byte[] kek = new byte[32];
        hkdf.generateBytes(kek, 0, kek.length);
        return kek;
    }

    public static byte[] wrap(byte[] kek, byte[] plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] body = crypt(Cipher.ENCRYPT_MODE, kek, nonce, plain);
        return ByteBuffer.allocate(NONCE_BYTES + body.length)
                .put(nonce)
                .put(body)
                .array();
    }

    /**
     * @throws WrongKey when {@code kek} did not wrap {@code wrapped}
     */
    public static byte[] unwrap(byte[] kek, byte[] wrapped) {
        if (wrapped.length < NONCE_BYTES + 16) throw new WrongKey(null);
        return crypt(
                Cipher.DECRYPT_MODE,
                kek,
                Arrays.copyOf(wrapped, NONCE_BYTES),
                Arrays.copyOfRange(wrapped, NONCE_BYTES, wrapped.length));
    }

    private static byte[] crypt(int mode, byte[] kek, byte[] nonce, byte[] input) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, new SecretKeySpec(kek, "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(PURPOSE);
            return c.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new WrongKey(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed: " + e, e);
        }
    }
}
