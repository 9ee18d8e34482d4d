package dev.skep.compose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Orders services so every service comes after what it {@code depends_on}; among services free to go, by
 * name. A dependency on an unknown service or a cycle is an error naming the services.
 */
final class StartOrder {
    private StartOrder() {}

    static List<StackService> sort(List<StackService> services, Map<String, YamlNode> where) {
        Map<String, StackService> byKey = new TreeMap<>();
        services.forEach(s -> byKey.put(s.key(), s));
        for (StackService s : services) {
            for (String dep : s.dependsOn().keySet()) {
                if (!byKey.containsKey(dep)) {
                    throw where.get(s.key()).error("depends on undefined service \"" + dep + "\"");
                }
                if (dep.equals(s.key())) throw where.get(s.key()).error("depends on itself");
            }
        }
        List<StackService> ordered = new ArrayList<>();
        Map<String, StackService> pending = new LinkedHashMap<>(byKey);
        while (!pending.isEmpty()) {
            StackService next = pending.values().stream()
                    .filter(s -> s.dependsOn().keySet().stream().noneMatch(pending::containsKey))
                    .findFirst()
                    .orElse(null);
            if (next == null) {
                String first = pending.keySet().iterator().next();
                throw where.get(first).error("dependency cycle: " + cycle(first, pending));
            }
            ordered.add(next);
            pending.remove(next.key());
        }
        return ordered;
    }

    private static String cycle(String start, Map<String, StackService> pending) {
        List<String> path = new ArrayList<>();
        String at = start;
        while (!path.contains(at)) {
            path.add(at);
            at = pending.get(at).dependsOn().keySet().stream()
                    .filter(pending::containsKey)
                    .findFirst()
                    .orElseThrow();
        }
        List<String> loop = new ArrayList<>(path.subList(path.indexOf(at), path.size()));
        loop.add(at);
        return String.join(" -> ", loop);
    }
}
