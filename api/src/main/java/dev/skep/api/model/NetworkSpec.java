package dev.skep.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * What the user asked for when creating a swarm network ({@code swarm.NetworkSpec}). {@code IPAMOptions}
 * holds explicit subnets, if any; the allocator's result is on the {@link Network} itself.
 */
public record NetworkSpec(
        String name,
        Map<String, String> labels,
        Driver driverConfiguration,
        @JsonProperty("IPv6Enabled") Boolean ipv6Enabled,
        Boolean internal,
        Boolean attachable,
        Boolean ingress,
        @JsonProperty("IPAMOptions") IpamOptions ipamOptions,
        ConfigReference configFrom,
        String scope) {}
