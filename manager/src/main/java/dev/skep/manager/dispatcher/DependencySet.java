package dev.skep.manager.dispatcher;

import dev.skep.api.model.Config;
import dev.skep.api.model.Secret;
import dev.skep.api.model.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which secrets and configs one node holds, and for which of its tasks (SwarmKit's {@code tasksUsingDependency}):
 * an object is sent when the first task that needs it arrives and the node is told to forget it when the last one
 * has ended or gone. Nothing else reaches a node.
 */
final class DependencySet {
    private final Users<Secret> secrets = new Users<>(Secret::id);
    private final Users<Config> configs = new Users<>(Config::id);

    /** The task is running or will run here: it holds what it references. */
    void hold(Task t, TaskDependencies data) {
        for (String id : TaskDependencies.secretIds(t))
            secrets.hold(id, t.id(), data.secrets().get(id));
        for (String id : TaskDependencies.configIds(t))
            configs.hold(id, t.id(), data.configs().get(id));
    }

    /** The task ended or left the node; true when the node must now forget something. */
    boolean release(Task t) {
        boolean changed = false;
        for (String id : TaskDependencies.secretIds(t)) changed |= secrets.release(id, t.id());
        for (String id : TaskDependencies.configIds(t)) changed |= configs.release(id, t.id());
        return changed;
    }

    void clear() {
        secrets.clear();
        configs.clear();
    }

    int pendingChanges() {
        return secrets.pending() + configs.pending();
    }

    List<Secret> takeSecrets() {
        return secrets.takeSend();
    }

    List<String> takeRemovedSecrets() {
        return secrets.takeForget();
    }

    List<Config> takeConfigs() {
        return configs.takeSend();
    }

    List<String> takeRemovedConfigs() {
        return configs.takeForget();
    }

    /** The IDs the node holds now (or will once the pending changes are sent). */
    Set<String> heldSecrets() {
        return secrets.held();
    }

    private static final class Users<T> {
        private final Function<T, String> id;
        private final Map<String, Set<String>> tasksUsing = new HashMap<>();
        private final Map<String, T> toSend = new LinkedHashMap<>();
        private final Set<String> toForget = new LinkedHashSet<>();

        Users(Function<T, String> id) {
            this.id = id;
        }

        void hold(String objectId, String taskId, T object) {
            Set<String> users = tasksUsing.computeIfAbsent(objectId, k -> new HashSet<>());
            // a vanished object is not sent (the task fails on the node for want of it), as in SwarmKit
            if (users.isEmpty() && object != null) {
                toForget.remove(objectId);
                toSend.put(id.apply(object), object);
            }
            users.add(taskId);
        }

        boolean release(String objectId, String taskId) {
            Set<String> users = tasksUsing.get(objectId);
            if (users == null || !users.remove(taskId) || !users.isEmpty()) return false;
            tasksUsing.remove(objectId);
            toSend.remove(objectId);
            toForget.add(objectId);
            return true;
        }

        void clear() {
            tasksUsing.clear();
            toSend.clear();
            toForget.clear();
        }

        int pending() {
            return toSend.size() + toForget.size();
        }

        List<T> takeSend() {
            List<T> out = new ArrayList<>(toSend.values());
            toSend.clear();
            return out;
        }

        List<String> takeForget() {
            List<String> out = new ArrayList<>(toForget);
            toForget.clear();
            return out;
        }

        Set<String> held() {
            return Set.copyOf(tasksUsing.keySet());
        }
    }
}
