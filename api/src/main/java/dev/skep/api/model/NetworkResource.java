package dev.skep.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A network as {@code GET /networks} shows it ({@code network.Inspect}, dockerd's NetworkResource). For a
 * swarm network this is derived from the stored {@link Network}: Scope {@code swarm}, Driver and Options from
 * DriverState, IPAM from the allocation.
 */
public record NetworkResource(
        String name,
        String id,
        Instant created,
        String scope,
        String driver,
        @JsonProperty("EnableIPv6") boolean enableIPv6,
        @JsonProperty("IPAM") Ipam ipam,
        boolean internal,
        boolean attachable,
        boolean ingress,
        ConfigReference configFrom,
        boolean configOnly,
        Map<String, Object> containers,
        Map<String, String> options,
        Map<String, String> labels,
        List<Object> peers) {}
