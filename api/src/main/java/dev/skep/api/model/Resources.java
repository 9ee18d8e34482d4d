package dev.skep.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** CPU (nano CPUs), memory and generic resources: a limit, a reservation or what a node offers. */
public record Resources(
        @JsonProperty("NanoCPUs") Long nanoCPUs, Long memoryBytes, Long pids, List<GenericResource> genericResources) {

    public long cpus() {
        return nanoCPUs == null ? 0 : nanoCPUs;
    }

    public long memory() {
        return memoryBytes == null ? 0 : memoryBytes;
    }

    /** One generic resource: either named ({@code GPU=UUID1}) or discrete ({@code SSD=2}). */
    public record GenericResource(Spec namedResourceSpec, DiscreteSpec discreteResourceSpec) {
        public record Spec(String kind, String value) {}

        public record DiscreteSpec(String kind, Long value) {}
    }
}
