package dev.skep.store;

import dev.skep.api.model.StoredObject;

/**
 * One write of a proposal: create, update or delete an object of a kind, expecting a version.
 * {@code object} is the object as written (null for a delete); the store stamps its version and times when applied.
 * A soft change that conflicts is skipped instead of failing its proposal (used by batching loops).
 */
public record Change(Kind kind, Op op, String id, long expectedVersion, StoredObject object, boolean soft) {
    public enum Op {
        CREATE,
        UPDATE,
        DELETE
    }
}
