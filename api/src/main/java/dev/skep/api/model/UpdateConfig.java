package dev.skep.api.model;

/** How a rolling update (or rollback) proceeds. Durations in nanoseconds. */
public record UpdateConfig(
        Long parallelism, Long delay, String failureAction, Long monitor, Double maxFailureRatio, String order) {
    public static final String PAUSE = "pause";
    public static final String CONTINUE = "continue";
    public static final String ROLLBACK = "rollback";
    public static final String STOP_FIRST = "stop-first";
    public static final String START_FIRST = "start-first";
}
