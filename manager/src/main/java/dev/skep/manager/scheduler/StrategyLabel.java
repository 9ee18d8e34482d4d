package dev.skep.manager.scheduler;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The service label that picks the scheduling strategy, and its check for the control API. */
public final class StrategyLabel {
    public static final String LABEL = "skep.scheduler.strategy";
    public static final String SPREAD = "spread";
    public static final String BINPACK = "binpack";
    public static final Set<String> NAMES = Set.of(SPREAD, BINPACK);

    private StrategyLabel() {}

    /** Rejects an unknown strategy name; absent means spread. */
    public static void validate(Map<String, String> serviceLabels) {
        String name = serviceLabels == null ? null : serviceLabels.get(LABEL);
        if (name == null || NAMES.contains(name)) return;
        throw new IllegalArgumentException("label " + LABEL + ": unknown scheduling strategy \"" + name
                + "\" (expected one of " + String.join(", ", new TreeSet<>(NAMES)) + ")");
    }
}
