package dev.skep.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One instance of a service on one node. {@code SpecVersion} records which service version the task's
 * spec came from (for {@code _up-to-date}); {@code Slot} is 0 for global tasks, which carry a NodeID instead.
 * {@code Endpoint} is a copy of its service's endpoint as allocated when the task left NEW (SwarmKit's
 * {@code Task.Endpoint}): the agent publishes the host-mode ports from it.
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
        Version jobIteration,
        Service.Endpoint endpoint,
        List<Resources.GenericResource> assignedGenericResources)
        implements StoredObject {

    /** A task without generic resources assigned (the scheduler assigns them, when the task asks for some). */
    public Task(
            String id,
            Version version,
            Instant createdAt,
            Instant updatedAt,
            String name,
            Map<String, String> labels,
            TaskSpec spec,
            Version specVersion,
            String serviceID,
            Long slot,
            String nodeID,
            TaskStatus status,
            TaskState desiredState,
            List<NetworkAttachment> networksAttachments,
            Version jobIteration,
            Service.Endpoint endpoint) {
        this(
                id,
                version,
                createdAt,
                updatedAt,
                name,
                labels,
                spec,
                specVersion,
                serviceID,
                slot,
                nodeID,
                status,
                desiredState,
                networksAttachments,
                jobIteration,
                endpoint,
                null);
    }

    /** A task without an endpoint copy (tasks get one from the allocator). */
    public Task(
            String id,
            Version version,
            Instant createdAt,
            Instant updatedAt,
            String name,
            Map<String, String> labels,
            TaskSpec spec,
            Version specVersion,
            String serviceID,
            Long slot,
            String nodeID,
            TaskStatus status,
            TaskState desiredState,
            List<NetworkAttachment> networksAttachments,
            Version jobIteration) {
        this(
                id,
                version,
                createdAt,
                updatedAt,
                name,
                labels,
                spec,
                specVersion,
                serviceID,
                slot,
                nodeID,
                status,
                desiredState,
                networksAttachments,
                jobIteration,
                null,
                null);
    }

    @Override
    public Task withMeta(Version v, Instant created, Instant updated) {
        return new Task(
                id,
                v,
                created,
                updated,
                name,
                labels,
                spec,
                specVersion,
                serviceID,
                slot,
                nodeID,
                status,
                desiredState,
                networksAttachments,
                jobIteration,
                endpoint,
                assignedGenericResources);
    }

    public long slotNumber() {
        return slot == null ? 0 : slot;
    }

    public TaskState state() {
        return status == null ? TaskState.NEW : status.state();
    }

    public Task withStatus(TaskStatus newStatus) {
        return new Task(
                id,
                version,
                createdAt,
                updatedAt,
                name,
                labels,
                spec,
                specVersion,
                serviceID,
                slot,
                nodeID,
                newStatus,
                desiredState,
                networksAttachments,
                jobIteration,
                endpoint,
                assignedGenericResources);
    }

    public Task withDesiredState(TaskState desired) {
        return new Task(
                id,
                version,
                createdAt,
                updatedAt,
                name,
                labels,
                spec,
                specVersion,
                serviceID,
                slot,
                nodeID,
                status,
                desired,
                networksAttachments,
                jobIteration,
                endpoint,
                assignedGenericResources);
    }

    /** The task with its network attachments, as the allocator gives them. */
    public Task withNetworksAttachments(List<NetworkAttachment> attachments) {
        return new Task(
                id,
                version,
                createdAt,
                updatedAt,
                name,
                labels,
                spec,
                specVersion,
                serviceID,
                slot,
                nodeID,
                status,
                desiredState,
                attachments,
                jobIteration,
                endpoint,
                assignedGenericResources);
    }

    /** The task with a copy of its service's endpoint, as the allocator gives it. */
    public Task withEndpoint(Service.Endpoint serviceEndpoint) {
        return new Task(
                id,
                version,
                createdAt,
                updatedAt,
                name,
                labels,
                spec,
                specVersion,
                serviceID,
                slot,
                nodeID,
                status,
                desiredState,
                networksAttachments,
                jobIteration,
                serviceEndpoint,
                assignedGenericResources);
    }

    public Task withNode(String node) {
        return new Task(
                id,
                version,
                createdAt,
                updatedAt,
                name,
                labels,
                spec,
                specVersion,
                serviceID,
                slot,
                node,
                status,
                desiredState,
                networksAttachments,
                jobIteration,
                endpoint,
                assignedGenericResources);
    }

    /** The task with the generic resources the scheduler assigned it on its node. */
    public Task withAssignedGenericResources(List<Resources.GenericResource> assigned) {
        return new Task(
                id,
                version,
                createdAt,
                updatedAt,
                name,
                labels,
                spec,
                specVersion,
                serviceID,
                slot,
                nodeID,
                status,
                desiredState,
                networksAttachments,
                jobIteration,
                endpoint,
                assigned);
    }
}
