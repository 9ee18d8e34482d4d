package dev.skep.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One instance of a service on one node. {@code SpecVersion} records which service version the task's
 * spec came from (for {@code _up-to-date}); {@code Slot} is 0 for global tasks, which carry a NodeID instead.
 */
public record Task(
        @JsonProperty("ID") String id,
        Version version,
        Instant createdAt,
        Instant updatedAt,
        String name,
        Map<String, String> labels,
        TaskSpec spec,
        Version specVersion,
        @JsonProperty("ServiceID") String serviceID,
        Long slot,
        @JsonProperty("NodeID") String nodeID,
        TaskStatus status,
        TaskState desiredState,
        List<NetworkAttachment> networksAttachments,
        Version jobIteration) implements StoredObject {

    @Override
    public Task withMeta(Version v, Instant created, Instant updated) {
        return new Task(id, v, created, updated, name, labels, spec, specVersion, serviceID, slot, nodeID, status,
                desiredState, networksAttachments, jobIteration);
    }

    public long slotNumber() {
        return slot == null ? 0 : slot;
    }

    public TaskState state() {
        return status == null ? TaskState.NEW : status.state();
    }

    public Task withStatus(TaskStatus newStatus) {
        return new Task(id, version, createdAt, updatedAt, name, labels, spec, specVersion, serviceID, slot, nodeID,
                newStatus, desiredState, networksAttachments, jobIteration);
    }

    public Task withDesiredState(TaskState desired) {
        return new Task(id, version, createdAt, updatedAt, name, labels, spec, specVersion, serviceID, slot, nodeID,
                status, desired, networksAttachments, jobIteration);
    }

    /** The task with its network attachments, as the allocator gives them. */
    public Task withNetworksAttachments(List<NetworkAttachment> attachments) {
        return new Task(id, version, createdAt, updatedAt, name, labels, spec, specVersion, serviceID, slot, nodeID,
                status, desiredState, attachments, jobIteration);
    }

    public Task withNode(String node) {
        return new Task(id, version, createdAt, updatedAt, name, labels, spec, specVersion, serviceID, slot, node,
                status, desiredState, networksAttachments, jobIteration);
    }
}
