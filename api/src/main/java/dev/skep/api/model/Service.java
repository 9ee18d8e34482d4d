package dev.skep.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A service as stored. {@code ServiceStatus} is filled only when listing with {@code ?status=true};
 * {@code SpecVersion} is Skep's own bookkeeping for which spec the tasks should run.
 */
public record Service(
        @JsonProperty("ID") String id,
        Version version,
        Instant createdAt,
        Instant updatedAt,
        ServiceSpec spec,
        ServiceSpec previousSpec,
        Endpoint endpoint,
        UpdateStatus updateStatus,
        ServiceStatus serviceStatus,
        JobStatus jobStatus)
        implements StoredObject {

    public record Endpoint(EndpointSpec spec, List<PortConfig> ports, List<VirtualIP> virtualIPs) {}

    public record VirtualIP(@JsonProperty("NetworkID") String networkID, String addr) {}

    /** State is one of updating, paused, completed, rollback_started, rollback_paused, rollback_completed. */
    public record UpdateStatus(String state, Instant startedAt, Instant completedAt, String message) {}

    public record ServiceStatus(Long runningTasks, Long desiredTasks, Long completedTasks) {}

    public record JobStatus(Version jobIteration, Instant lastExecution) {}

    @Override
    public Service withMeta(Version v, Instant created, Instant updated) {
        return new Service(
                id, v, created, updated, spec, previousSpec, endpoint, updateStatus, serviceStatus, jobStatus);
    }

    @Override
    public String uniqueName() {
        return spec == null ? null : spec.name();
    }

    public String name() {
        return spec.name();
    }

    public Service withSpec(ServiceSpec newSpec, ServiceSpec previous) {
        return new Service(
                id, version, createdAt, updatedAt, newSpec, previous, endpoint, updateStatus, serviceStatus, jobStatus);
    }

    public Service withUpdateStatus(UpdateStatus status) {
        return new Service(
                id, version, createdAt, updatedAt, spec, previousSpec, endpoint, status, serviceStatus, jobStatus);
    }

    public Service withServiceStatus(ServiceStatus status) {
        return new Service(
                id, version, createdAt, updatedAt, spec, previousSpec, endpoint, updateStatus, status, jobStatus);
    }

    public Service withEndpoint(Endpoint newEndpoint) {
        return new Service(
                id,
                version,
                createdAt,
                updatedAt,
                spec,
                previousSpec,
                newEndpoint,
                updateStatus,
                serviceStatus,
                jobStatus);
    }

    public Service withJobStatus(JobStatus status) {
        return new Service(
                id, version, createdAt, updatedAt, spec, previousSpec, endpoint, updateStatus, serviceStatus, status);
    }
}
