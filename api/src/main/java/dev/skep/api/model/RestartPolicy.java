package dev.skep.api.model;

/** When and how often a task's slot gets a replacement after the task ends. Durations in nanoseconds. */
public record RestartPolicy(String condition, Long delay, Long maxAttempts, Long window) {
    public static final String ANY = "any";
    public static final String ON_FAILURE = "on-failure";
    public static final String NONE = "none";
}
