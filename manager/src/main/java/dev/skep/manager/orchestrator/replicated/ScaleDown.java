package dev.skep.manager.orchestrator.replicated;

import dev.skep.api.model.Task;
import dev.skep.manager.orchestrator.TaskFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Orders a service's slots for scaling down (SwarmKit's {@code services.go}): slots to keep first.
 * Running slots come before others and, among equals, lower slot numbers first; then each slot is ranked
 * as the n-th copy of the service on its node, so the removed tail takes copies from the nodes holding the
 * most, and slots without a single placed task go last.
 */
final class ScaleDown {
    private ScaleDown() {}

    private record Ranked(List<Task> slot, int copyOnNode) {}

    static List<List<Task>> keepFirst(List<List<Task>> slots) {
        List<List<Task>> byRunning = new ArrayList<>(slots);
        byRunning.sort(Comparator.comparing((List<Task> s) -> !anyRunning(s))
                .thenComparingLong(s -> s.get(0).slotNumber()));
        Map<String, Integer> copies = new HashMap<>();
        List<Ranked> ranked = new ArrayList<>();
        for (List<Task> slot : byRunning) {
            String node = slot.size() == 1 ? slot.get(0).nodeID() : null;
            ranked.add(new Ranked(slot, node == null ? -1 : copies.merge(node, 1, Integer::sum)));
        }
        // Stable sort: the running / slot-number order above breaks ties.
        ranked.sort(Comparator.comparingInt(r -> r.copyOnNode() < 0 ? Integer.MAX_VALUE : r.copyOnNode()));
        return ranked.stream().map(Ranked::slot).toList();
    }

    private static boolean anyRunning(List<Task> slot) {
        return slot.stream().anyMatch(TaskFactory::isRunning);
    }
}
