package dev.skep.store.raft;

import dev.skep.trust.DataKeys;
import dev.skep.trust.UnlockKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What this member writes into the Raft log and its snapshots, encrypted under the swarm's data keys. Ratis
 * replicates log entries byte for byte, so the state machine's payload is what is sealed: the proposer seals each
 * proposal, every member opens it on apply, and snapshot (and force-new-cluster seed) files are sealed as they are
 * written. Ratis's own entries (configuration: peer IDs and addresses; no-ops) carry nothing secret.
 *
 * <p>A data-key rotation is itself a log entry ({@code 0x02} followed by the new key sealed under the current one),
 * so every member switches keys at the same index and later entries name a key every member has. Records written
 * before encryption was turned on (not starting with a sealed marker) are read as they are. Without keys (null) this
 * member writes in clear: the hidden switch the write benchmark compares against.
 */
final class LogCipher {
    /** The first byte of a log entry that carries a new data key. */
    static final byte KEY_ENTRY = 0x02;

    /** The first byte of a log entry that sets the swarm's unlock key (autolock), or clears it. */
    static final byte UNLOCK_ENTRY = 0x03;

    private final DataKeys keys;

    LogCipher(DataKeys keys) {
        this.keys = keys;
    }

    /** What a log entry holds: a store proposal, or a data key from which on entries are sealed. */
    sealed interface Entry {}

    record Proposal(byte[] bytes) implements Entry {}

    record NewKey(DataKeys.Key key) implements Entry {}

    /** The swarm's new unlock key, or null: autolock off. */
    record NewUnlockKey(UnlockKey key) implements Entry {}

    byte[] sealProposal(byte[] proposal) {
        return keys == null ? proposal : keys.seal(proposal);
    }

    /** The entry that makes {@code key} current on every member. */
    byte[] keyEntry(DataKeys.Key key) {
        return entry(KEY_ENTRY, DataKeys.encodeKey(key));
    }

    /** The entry that sets the swarm's unlock key on every member (null: autolock off). */
    byte[] unlockEntry(UnlockKey key) {
        return entry(UNLOCK_ENTRY, (key == null ? "" : key.text()).getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] entry(byte kind, byte[] plain) {
        byte[] sealed = keys().seal(plain);
        byte[] entry = new byte[sealed.length + 1];
        entry[0] = kind;
        System.arraycopy(sealed, 0, entry, 1, sealed.length);
        return entry;
    }

    Entry read(byte[] logData) {
        if (logData.length > 0 && (logData[0] == KEY_ENTRY || logData[0] == UNLOCK_ENTRY)) {
            byte[] plain = keys().open(Arrays.copyOfRange(logData, 1, logData.length));
            if (logData[0] == KEY_ENTRY) return new NewKey(DataKeys.decodeKey(plain));
            String text = new String(plain, StandardCharsets.US_ASCII);
            return new NewUnlockKey(text.isEmpty() ? null : UnlockKey.parse(text));
        }
        return new Proposal(openState(logData));
    }

    void setUnlockKey(UnlockKey key) {
        keys().setUnlockKey(key);
    }

    /** Applies a rotation read from the log at {@code index}. */
    void activate(DataKeys.Key key, long index) {
        keys().activate(key, index);
    }

    /** A snapshot at {@code index} was written: keys only older entries needed can go. */
    void snapshotTaken(long index) {
        if (keys != null) keys.retire(index);
    }

    byte[] sealState(byte[] state) {
        return keys == null ? state : keys.seal(state);
    }

    byte[] openState(byte[] bytes) {
        return DataKeys.isSealed(bytes) ? keys().open(bytes) : bytes;
    }

    private DataKeys keys() {
        if (keys == null) throw new IllegalStateException("an encrypted Raft record, and this member has no data keys");
        return keys;
    }
}
