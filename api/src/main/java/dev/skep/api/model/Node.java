package dev.skep.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A member of the swarm: a worker, or a manager with {@code ManagerStatus}. */
public record Node(
        @JsonProperty("ID") String id,
        Version version,
        Instant createdAt,
        Instant updatedAt,
        Spec spec,
        Description description,
        Status status,
        ManagerStatus managerStatus)
        implements StoredObject {

    /** Role is worker|manager; Availability is active|pause|drain. */
    public record Spec(String name, Map<String, String> labels, String role, String availability) {}

    public record Description(
            String hostname,
            Placement.Platform platform,
            Resources resources,
            Engine engine,
            @JsonProperty("TLSInfo") TlsInfo tlsInfo) {}

    public record Engine(String engineVersion, Map<String, String> labels, List<Plugin> plugins) {}

    public record Plugin(String type, String name) {}

    /** State is unknown|down|ready|disconnected. */
    public record Status(String state, String message, String addr) {}

    /** Reachability is unknown|unreachable|reachable. */
    public record ManagerStatus(Boolean leader, String reachability, String addr) {}

    @Override
    public Node withMeta(Version v, Instant created, Instant updated) {
        return new Node(id, v, created, updated, spec, description, status, managerStatus);
    }

    public Node withSpec(Spec newSpec) {
        return new Node(id, version, createdAt, updatedAt, newSpec, description, status, managerStatus);
    }

    public Node withStatus(Status newStatus) {
        return new Node(id, version, createdAt, updatedAt, spec, description, newStatus, managerStatus);
    }

    public Node withDescription(Description d) {
        return new Node(id, version, createdAt, updatedAt, spec, d, status, managerStatus);
    }

    public Node withManagerStatus(ManagerStatus m) {
        return new Node(id, version, createdAt, updatedAt, spec, description, status, m);
    }

    public String hostname() {
        return description == null ? null : description.hostname();
    }

    public boolean isReady() {
        return status != null && "ready".equals(status.state());
    }

    public String availability() {
        return spec == null || spec.availability() == null ? "active" : spec.availability();
    }
}
