package dev.skep.api.model;

/** {@code swarm.IPAMConfig}: one pool of a network; {@code Range} narrows where addresses are handed out. */
public record IpamConfig(String subnet, String range, String gateway) {}
