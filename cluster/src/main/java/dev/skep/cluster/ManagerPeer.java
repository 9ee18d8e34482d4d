package dev.skep.cluster;

/** A manager as nodes see it: its node ID, its cluster-port address (HOST:PORT) and whether it leads. */
public record ManagerPeer(String nodeId, String addr, boolean leader) {}
