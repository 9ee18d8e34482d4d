package dev.skep.api.model;

import java.util.List;

/** Body of {@code POST /swarm/init}. */
public record SwarmInitRequest(
        String listenAddr,
        String advertiseAddr,
        String dataPathAddr,
        Long dataPathPort,
        List<String> defaultAddrPool,
        Boolean forceNewCluster,
        Long subnetSize,
        Cluster.Spec spec,
        Boolean autoLockManagers,
        String availability) {}
