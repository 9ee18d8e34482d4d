package dev.skep.cluster.raft;

/** A member of the managers' Raft group: its peer ID (the node ID) and its Raft address (HOST:PORT). */
public record RaftMember(String id, String address) {}
