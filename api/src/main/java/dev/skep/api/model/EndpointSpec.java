package dev.skep.api.model;

import java.util.List;

/** How a service is reached: {@code vip} or {@code dnsrr}, and the ports it publishes. */
public record EndpointSpec(String mode, List<PortConfig> ports) {}
