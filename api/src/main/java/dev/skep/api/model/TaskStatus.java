package dev.skep.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** What was last observed about a task. */
public record TaskStatus(
        Instant timestamp,
        TaskState state,
        String message,
        String err,
        ContainerStatus containerStatus,
        PortStatus portStatus) {

    public record ContainerStatus(
            @JsonProperty("ContainerID") String containerID,
            @JsonProperty("PID") Long pid,
            Long exitCode) {}

    public record PortStatus(java.util.List<PortConfig> ports) {}

    public static TaskStatus of(Instant now, TaskState state, String message) {
        return new TaskStatus(now, state, message, null, null, null);
    }
}
