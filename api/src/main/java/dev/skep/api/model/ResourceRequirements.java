package dev.skep.api.model;

/** {@code TaskSpec.Resources}: limits enforced by the executor, reservations used by the scheduler. */
public record ResourceRequirements(Resources limits, Resources reservations) {}
