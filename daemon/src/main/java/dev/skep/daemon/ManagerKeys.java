package dev.skep.daemon;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.skep.api.json.Json;
import dev.skep.trust.DataKeys;
import dev.skep.trust.KeyWrap;
import dev.skep.trust.PrivateFiles;
import dev.skep.trust.UnlockKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A manager's copy of the swarm's data keys ({@code <data-dir>/manager-keys.json}, 0600), always wrapped under a
 * key-encryption key (KEK). With autolock off the KEK is random and stored beside the wrapped keys (as SwarmKit keeps
 * it in the node's state: it protects against a copied Raft directory, not against one who reads the whole data
 * dir); with autolock on it is derived from the swarm's unlock key and stored nowhere, so a restarted manager stays
 * locked until an operator gives the key. The file is rewritten whenever the keys change (a rotation or autolock
 * change applied from the Raft log), under the KEK the new state calls for.
 */
final class ManagerKeys {
    /** What the file holds: the wrapped keys, and the KEK only while autolock is off. */
    record Stored(
            @JsonProperty("WrappedKeys") String wrappedKeys,
            @JsonProperty("KEK") String kek) {}

    private final Path file;
    private final DataKeys keys;
    /** The random KEK kept in the file while autolock is off; null while it is on. */
    private byte[] storedKek;

    private ManagerKeys(Path dataDir, DataKeys keys, byte[] storedKek) {
        this.file = file(dataDir);
        this.keys = keys;
        this.storedKek = storedKek;
        keys.onChange(this::save);
    }

    static Path file(Path dataDir) {
        return dataDir.resolve("manager-keys.json");
    }

    /** Fresh keys for a new swarm ({@code swarm init}), saved. */
    static ManagerKeys create(Path dataDir) {
        return adopt(dataDir, DataKeys.generate().toBytes());
    }

    /** The keys a joining manager received from a manager over mutual TLS, saved. */
    static ManagerKeys adopt(Path dataDir, byte[] encoded) {
        ManagerKeys k = new ManagerKeys(dataDir, DataKeys.fromBytes(encoded), null);
        k.save();
        return k;
    }

    static boolean exists(Path dataDir) {
        return Files.exists(file(dataDir));
    }

    /** True when the saved keys need the unlock key (autolock was on when they were last written). */
    static boolean locked(Path dataDir) {
        return exists(dataDir) && read(file(dataDir)).kek() == null;
    }

    /**
     * Reads the saved keys, with {@code unlockKey} when they are locked (ignored otherwise).
     *
     * @throws KeyWrap.WrongKey when the keys are locked and {@code unlockKey} is missing or not the one
     */
    static ManagerKeys open(Path dataDir, UnlockKey unlockKey) {
        Stored s = read(file(dataDir));
        byte[] kek;
        if (s.kek() != null) kek = Base64.getDecoder().decode(s.kek());
        else if (unlockKey != null) kek = KeyWrap.kekFrom(unlockKey);
        else throw new KeyWrap.WrongKey();
        byte[] wrapped = Base64.getDecoder().decode(s.wrappedKeys());
        DataKeys keys = DataKeys.fromBytes(KeyWrap.unwrap(kek, wrapped));
        return new ManagerKeys(dataDir, keys, s.kek() != null ? kek : null);
    }

    DataKeys keys() {
        return keys;
    }

    /** Writes the keys again under the KEK their autolock state calls for. */
    private synchronized void save() {
        UnlockKey unlock = keys.unlockKey();
        byte[] kek;
        if (unlock != null) {
            kek = KeyWrap.kekFrom(unlock);
            storedKek = null;
        } else {
            if (storedKek == null) storedKek = KeyWrap.randomKek();
            kek = storedKek;
        }
        Base64.Encoder b64 = Base64.getEncoder();
        String wrapped = b64.encodeToString(KeyWrap.wrap(kek, keys.toBytes()));
        PrivateFiles.write(file, Json.write(new Stored(wrapped, storedKek == null ? null : b64.encodeToString(kek))));
    }

    private static Stored read(Path f) {
        try {
            return Json.read(Files.readAllBytes(f), Stored.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
