package dev.skep.trust;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The data-encryption keys (DEKs) of a swarm's replicated store: AES-256-GCM keys, each with an ID, one of them
 * current. {@link #seal} encrypts under the current key and names that key in the record, so after a rotation new
 * records use the new key while older records (log entries, snapshots) still open under the key they name.
 *
 * <p>Record format: {@code 0x01}, the key ID's length (one byte), the key ID (ASCII), a 12-byte random nonce, then
 * the AES-GCM ciphertext with its 16-byte tag; the header (version and key ID) is authenticated as associated data.
 * Random 96-bit nonces are safe for far more records than a key seals before it is rotated.
 *
 * <p>The key set is secret: it is only ever written wrapped ({@link KeyWrap}). Thread-safe.
 */
public final class DataKeys {
    /** The first byte of a sealed record. */
    public static final byte SEALED = 0x01;

    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * One key. {@code supersededAt} is the log index from which a later key replaced it ({@code Long.MAX_VALUE} while
     * it is current): records at or below a snapshot taken after that index no longer need it.
     */
    public record Key(String id, byte[] secret, long supersededAt) {
        public Key {
            if (id.isEmpty() || id.length() > 64) throw new IllegalArgumentException("bad data key ID");
            if (secret.length != KEY_BYTES) throw new IllegalArgumentException("a data key has 32 bytes");
            secret = secret.clone();
        }

        @Override
        public byte[] secret() {
            return secret.clone();
        }

        Key superseded(long index) {
            return new Key(id, secret, index);
        }

        /** Never the secret. */
        @Override
        public String toString() {
            return "DataKey[" + id + "]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.id.equals(id) && Arrays.equals(k.secret, secret);
        }

        @Override
        public int hashCode() {
            return id.hashCode();
        }
    }

    private final Map<String, Key> keys = new LinkedHashMap<>();
    private String current;
    /** The swarm's manager unlock key while autolock is on, else null: replicated with the keys, never in clear. */
    private UnlockKey unlockKey;

    private volatile Runnable changed = () -> {};

    private DataKeys() {}

    /** A new key set of one fresh key. */
    public static DataKeys generate() {
        DataKeys k = new DataKeys();
        Key first = newKey();
        k.keys.put(first.id(), first);
        k.current = first.id();
        return k;
    }

    /** A fresh random key with a random ID, not yet in any set. */
    public static Key newKey() {
        byte[] secret = new byte[KEY_BYTES];
        RANDOM.nextBytes(secret);
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        return new Key(HexFormat.of().formatHex(id), secret, Long.MAX_VALUE);
    }

    /** Called (outside any lock) after every change, so the owner can write the set again (wrapped). */
    public void onChange(Runnable listener) {
        this.changed = listener;
    }

    /** True when {@code record} is a sealed record (anything else is a record written before encryption). */
    public static boolean isSealed(byte[] record) {
        return record.length > 0 && record[0] == SEALED;
    }

    /** Encrypts {@code plain} under the current key. */
    public byte[] seal(byte[] plain) {
        Key key;
        synchronized (this) {
            key = keys.get(current);
        }
        byte[] header = header(key.id());
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] body = crypt(Cipher.ENCRYPT_MODE, key, nonce, header, plain);
        return ByteBuffer.allocate(header.length + NONCE_BYTES + body.length)
                .put(header)
                .put(nonce)
                .put(body)
                .array();
    }

    /**
     * Decrypts a sealed record under the key it names.
     *
     * @throws IllegalStateException when the record is not sealed, names a key this set does not hold, or was
     *     altered (the tag does not match)
     */
    public byte[] open(byte[] record) {
        if (!isSealed(record) || record.length < 2) throw new IllegalStateException("not a sealed record");
        int idLength = record[1] & 0xff;
        int bodyAt = 2 + idLength + NONCE_BYTES;
        if (record.length < bodyAt + TAG_BITS / 8) throw new IllegalStateException("sealed record is truncated");
        String id = new String(record, 2, idLength, StandardCharsets.US_ASCII);
        Key key;
        synchronized (this) {
            key = keys.get(id);
        }
        if (key == null) throw new IllegalStateException("sealed with data key " + id + ", which this node lacks");
        byte[] header = Arrays.copyOfRange(record, 0, 2 + idLength);
        byte[] nonce = Arrays.copyOfRange(record, 2 + idLength, bodyAt);
        return crypt(Cipher.DECRYPT_MODE, key, nonce, header, Arrays.copyOfRange(record, bodyAt, record.length));
    }

    /** The ID of the key a record names, or null when it is not sealed. */
    public static String keyIdOf(byte[] record) {
        if (!isSealed(record) || record.length < 2 || record.length < 2 + (record[1] & 0xff)) return null;
        return new String(record, 2, record[1] & 0xff, StandardCharsets.US_ASCII);
    }

    /**
     * Makes {@code key} current from log index {@code index} on; the key it replaces is kept (older records still
     * name it) until {@link #retire} finds it unneeded. Adding the current key again changes nothing.
     */
    public void activate(Key key, long index) {
        synchronized (this) {
            if (key.id().equals(current)) return;
            Key previous = keys.get(current);
            keys.put(current, previous.superseded(index));
            keys.put(key.id(), key.superseded(Long.MAX_VALUE));
            current = key.id();
        }
        changed.run();
    }

    /**
     * Drops the keys no record needs any more once a snapshot holds the state up to {@code snapshotIndex}: those
     * superseded at or below it. The current key and the one before it always stay, for proposals a member sealed
     * just before it applied a rotation.
     */
    public void retire(long snapshotIndex) {
        boolean any = false;
        synchronized (this) {
            String previous = previousId();
            for (var it = keys.values().iterator(); it.hasNext(); ) {
                Key k = it.next();
                if (k.id().equals(current) || k.id().equals(previous)) continue;
                if (k.supersededAt() <= snapshotIndex) {
                    it.remove();
                    any = true;
                }
            }
        }
        if (any) changed.run();
    }

    private String previousId() {
        return keys.values().stream()
                .filter(k -> !k.id().equals(current))
                .max((a, b) -> Long.compare(a.supersededAt(), b.supersededAt()))
                .map(Key::id)
                .orElse(null);
    }

    /**
     * Sets the swarm's unlock key (null: autolock off). The owner then wraps this set under the key-encryption key
     * derived from it ({@link KeyWrap#kekFrom}), or under a random one stored beside it when null.
     */
    public void setUnlockKey(UnlockKey key) {
        synchronized (this) {
            if (Objects.equals(unlockKey, key)) return;
            unlockKey = key;
        }
        changed.run();
    }

    /** The swarm's unlock key, or null when autolock is off. */
    public synchronized UnlockKey unlockKey() {
        return unlockKey;
    }

    public synchronized String currentId() {
        return current;
    }

    public synchronized List<String> ids() {
        return new ArrayList<>(keys.keySet());
    }

    /** The whole set, to be wrapped before it is written or sent (over mutual TLS only, to managers only). */
    public synchronized byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(current);
            out.writeUTF(unlockKey == null ? "" : unlockKey.text());
            out.writeInt(keys.size());
            for (Key k : keys.values()) writeKey(out, k);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static DataKeys fromBytes(byte[] encoded) {
        DataKeys k = new DataKeys();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            k.current = in.readUTF();
            String unlock = in.readUTF();
            k.unlockKey = unlock.isEmpty() ? null : UnlockKey.parse(unlock);
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                Key key = readKey(in);
                k.keys.put(key.id(), key);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not an encoded data key set", e);
        }
        if (!k.keys.containsKey(k.current)) throw new IllegalArgumentException("the current data key is missing");
        return k;
    }

    /** One key alone, as a rotation carries it (sealed under the key it replaces). */
    public static byte[] encodeKey(Key key) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeKey(out, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static Key decodeKey(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            return readKey(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an encoded data key", e);
        }
    }

    private static void writeKey(DataOutputStream out, Key k) throws IOException {
        out.writeUTF(k.id());
        out.writeLong(k.supersededAt());
        out.write(k.secret);
    }

    private static Key readKey(DataInputStream in) throws IOException {
        String id = in.readUTF();
        long supersededAt = in.readLong();
        byte[] secret = new byte[KEY_BYTES];
        in.readFully(secret);
        return new Key(id, secret, supersededAt);
    }

    private static byte[] header(String id) {
        byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
        byte[] h = new byte[2 + idBytes.length];
        h[0] = SEALED;
        h[1] = (byte) idBytes.length;
        System.arraycopy(idBytes, 0, h, 2, idBytes.length);
        return h;
    }

    private static byte[] crypt(int mode, Key key, byte[] nonce, byte[] aad, byte[] input) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, new SecretKeySpec(key.secret, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad);
            return c.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("data key " + key.id() + " does not open this record: " + e, e);
        }
    }
}
