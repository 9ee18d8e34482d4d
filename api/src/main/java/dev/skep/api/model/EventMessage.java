package dev.skep.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One message of {@code GET /events}, as dockerd sends it (its {@code events.Message}): the object type
 * ({@code service}, {@code node}, {@code network}), the action ({@code create}, {@code update}, {@code remove}),
 * the actor (object ID and attributes such as its name and what changed), the scope ({@code swarm} for cluster
 * objects) and the time in Unix seconds and nanoseconds. The last three are lower-case on the wire.
 */
public record EventMessage(
        String type,
        String action,
        Actor actor,
        @JsonProperty("scope") String scope,
        @JsonProperty("time") long time,
        @JsonProperty("timeNano") long timeNano) {
    public record Actor(@JsonProperty("ID") String id, Map<String, String> attributes) {}
}
