package dev.skep.api.model;

import java.util.List;

/** {@code swarm.IPAMOptions}: the IPAM driver and its pools. */
public record IpamOptions(Driver driver, List<IpamConfig> configs) {}
