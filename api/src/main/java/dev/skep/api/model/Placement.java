package dev.skep.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Where a task may run: constraints, spread preferences, a per-node cap and platforms. */
public record Placement(
        List<String> constraints, List<Preference> preferences, Long maxReplicas, List<Platform> platforms) {

    public record Preference(Spread spread) {}

    public record Spread(String spreadDescriptor) {}

    public record Platform(
            String architecture, @JsonProperty("OS") String os) {}
}
