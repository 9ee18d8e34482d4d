package dev.skep.store;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One write of a proposal: create, update or delete an object of a kind, expecting a version.
 * A soft change that conflicts is skipped instead of failing its proposal (used by batching loops).
 */
public record Change(Kind kind, Op op, String id, long expectedVersion, JsonNode object, boolean soft) {
    public enum Op { CREATE, UPDATE, DELETE }
}
