package dev.skep.api.model;

import java.time.Instant;

/** An object kept in the cluster store: it has an ID and a version, and the store stamps both. */
public interface StoredObject {
    String id();

    Version version();

    Instant createdAt();

    Instant updatedAt();

    /** A copy of this object with the store's metadata replaced; called only by the store on commit. */
    StoredObject withMeta(Version version, Instant createdAt, Instant updatedAt);

    /** The name that must be unique within the object's kind, or null when names need not be unique. */
    default String uniqueName() {
        return null;
    }
}
