package dev.skep.store;

import dev.skep.api.model.StoredObject;
import dev.skep.api.model.Task;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The tables and their indexes. Not thread-safe: {@link MemoryStore} guards it with a read-write lock. */
final class State {
    final Map<Kind, Map<String, StoredObject>> objects = new EnumMap<>(Kind.class);
    final Map<Kind, Map<String, String>> names = new EnumMap<>(Kind.class);
    final Map<String, Set<String>> tasksByService = new HashMap<>();
    final Map<String, Set<String>> tasksByNode = new HashMap<>();
    long index;

    State() {
        for (Kind k : Kind.values()) {
            objects.put(k, new HashMap<>());
            names.put(k, new HashMap<>());
        }
    }

    StoredObject get(Kind kind, String id) {
        return objects.get(kind).get(id);
    }

    String idByName(Kind kind, String name) {
        return names.get(kind).get(name);
    }

    Set<String> taskIds(Map<String, Set<String>> index, String key) {
        return index.getOrDefault(key, Collections.emptySet());
    }

    void put(Kind kind, StoredObject o) {
        StoredObject old = objects.get(kind).put(o.id(), o);
        String oldName = old == null ? null : old.uniqueName();
        if (oldName != null && !oldName.equals(o.uniqueName())) names.get(kind).remove(oldName, o.id());
        if (o.uniqueName() != null) names.get(kind).put(o.uniqueName(), o.id());
        if (o instanceof Task t) {
            // Most updates (status, placement) keep a task's service, and many its node: leave those links be.
            Task was = old instanceof Task w ? w : null;
            relink(tasksByService, was == null ? null : was.serviceID(), t.serviceID(), t.id(), was != null);
            relink(tasksByNode, was == null ? null : was.nodeID(), t.nodeID(), t.id(), was != null);
        }
    }

    private static void relink(Map<String, Set<String>> index, String from, String to, String id, boolean linked) {
        if (linked && Objects.equals(from, to)) return;
        if (linked) unlink(index, from, id);
        link(index, to, id);
    }

    StoredObject remove(Kind kind, String id) {
        StoredObject old = objects.get(kind).remove(id);
        if (old == null) return null;
        if (old.uniqueName() != null) names.get(kind).remove(old.uniqueName(), id);
        if (old instanceof Task t) {
            unlink(tasksByService, t.serviceID(), t.id());
            unlink(tasksByNode, t.nodeID(), t.id());
        }
        return old;
    }

    private static void link(Map<String, Set<String>> index, String key, String id) {
        if (key != null) index.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(id);
    }

    private static void unlink(Map<String, Set<String>> index, String key, String id) {
        if (key == null) return;
        Set<String> ids = index.get(key);
        if (ids != null && ids.remove(id) && ids.isEmpty()) index.remove(key);
    }
}
