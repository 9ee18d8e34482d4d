package dev.skep.api.model;

/** A port a service publishes. */
public record PortConfig(String name, String protocol, Long targetPort, Long publishedPort, String publishMode) {}
