package dev.skep.store;

import dev.skep.api.model.StoredObject;

/**
 * A read-write transaction. Reads see the transaction's own writes. Nothing changes until the whole
 * transaction is committed through Raft; an object written back must carry the version it was read at,
 * or the commit fails with {@link ConflictException}.
 */
public interface Tx extends ReadTx {
    /** Adds a new object; its ID must be unused (and its unique name free). */
    void create(StoredObject object);

    /** Replaces an object; {@code object.version()} must be the version it was read at. */
    void update(StoredObject object);

    /** Deletes an object at its current version. */
    void delete(StoredObject object);
}
