package dev.skep.store;

import dev.skep.api.model.StoredObject;

/** A committed change, as watchers see it: the object before and after (null on create / delete). */
public record Event(Kind kind, Action action, StoredObject before, StoredObject after, long index) {
    public enum Action {
        CREATE,
        UPDATE,
        DELETE
    }

    public StoredObject object() {
        return after != null ? after : before;
    }
}
