package dev.skep.api.model;

import java.util.List;

/** A container health check; durations in nanoseconds. */
public record HealthConfig(
        List<String> test, Long interval, Long timeout, Long retries, Long startPeriod, Long startInterval) {}
