package dev.skep.manager.dispatcher;

import dev.skep.api.model.Config;
import dev.skep.api.model.ContainerSpec;
import dev.skep.api.model.Secret;
import dev.skep.api.model.Task;
import dev.skep.store.ReadTx;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The secrets and configs some tasks reference, read from the store in one view. The dispatcher reads them before
 * it takes a session's lock (a session never waits for the store while holding its own lock).
 */
record TaskDependencies(Map<String, Secret> secrets, Map<String, Config> configs) {
    static final TaskDependencies NONE = new TaskDependencies(Map.of(), Map.of());

    static TaskDependencies of(ReadTx tx, Collection<Task> tasks) {
        Map<String, Secret> secrets = new HashMap<>();
        Map<String, Config> configs = new HashMap<>();
        for (Task t : tasks) {
            for (String id : secretIds(t)) {
                Secret s = tx.secrets().get(id);
                if (s != null) secrets.put(id, s);
            }
            for (String id : configIds(t)) {
                Config c = tx.configs().get(id);
                if (c != null) configs.put(id, c);
            }
        }
        return secrets.isEmpty() && configs.isEmpty() ? NONE : new TaskDependencies(secrets, configs);
    }

    static boolean any(Task t) {
        return !secretIds(t).isEmpty() || !configIds(t).isEmpty();
    }

    static List<String> secretIds(Task t) {
        ContainerSpec c = container(t);
        return c == null || c.secrets() == null
                ? List.of()
                : c.secrets().stream()
                        .map(ContainerSpec.SecretReference::secretID)
                        .toList();
    }

    static List<String> configIds(Task t) {
        ContainerSpec c = container(t);
        return c == null || c.configs() == null
                ? List.of()
                : c.configs().stream()
                        .map(ContainerSpec.ConfigReference::configID)
                        .toList();
    }

    private static ContainerSpec container(Task t) {
        return t == null || t.spec() == null ? null : t.spec().containerSpec();
    }
}
