package dev.skep.api.model;

import java.util.List;

/** Body of {@code POST /swarm/join}. */
public record SwarmJoinRequest(
        String listenAddr,
        String advertiseAddr,
        String dataPathAddr,
        List<String> remoteAddrs,
        String joinToken,
        String availability) {}
