package dev.skep.api.model;

/** {@code network.ConfigReference}: the config-only network a network takes its configuration from. */
public record ConfigReference(String network) {}
