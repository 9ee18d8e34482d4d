package dev.skep.api.dispatcher;

import dev.skep.api.model.Config;
import dev.skep.api.model.Secret;
import dev.skep.api.model.Task;
import java.util.List;

/**
 * One message of the assignment stream. COMPLETE carries every task the node must know (state ≥ ASSIGNED,
 * not yet removed); INCREMENTAL carries tasks that changed and IDs of tasks the node must forget.
 * {@code sequence} increases by one per message so the agent can detect a gap. {@code networks} is the node's
 * {@link NetworkView} when it changed (always on COMPLETE), else null.
 *
 * <p>{@code secrets} and {@code configs} are the ones the node's tasks need and it has not been sent yet (on
 * COMPLETE: all it needs), with their data; {@code removedSecrets}/{@code removedConfigs} the IDs it must forget
 * because no task of the node uses them any more (SwarmKit's secret and config assignments). Null means none.
 */
public record Assignments(
        Type type,
        List<Task> updated,
        List<String> removed,
        long sequence,
        NetworkView networks,
        List<Secret> secrets,
        List<String> removedSecrets,
        List<Config> configs,
        List<String> removedConfigs) {
    public enum Type {
        COMPLETE,
        INCREMENTAL
    }

    /** A message without a network view (the node's networks are unchanged). */
    public Assignments(Type type, List<Task> updated, List<String> removed, long sequence) {
        this(type, updated, removed, sequence, null);
    }

    /** A message without secrets or configs. */
    public Assignments(Type type, List<Task> updated, List<String> removed, long sequence, NetworkView networks) {
        this(type, updated, removed, sequence, networks, null, null, null, null);
    }

    /** What the record prints: the secrets' IDs only, never their data. */
    @Override
    public String toString() {
        return "Assignments[" + type + " #" + sequence + ", updated=" + (updated == null ? 0 : updated.size())
                + ", removed=" + removed + ", secrets="
                + (secrets == null
                        ? List.of()
                        : secrets.stream().map(Secret::id).toList())
                + ", removedSecrets=" + removedSecrets + ", configs="
                + (configs == null
                        ? List.of()
                        : configs.stream().map(Config::id).toList()) + ", removedConfigs="
                + removedConfigs + "]";
    }
}
