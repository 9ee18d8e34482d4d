package dev.skep.manager.orchestrator.restart;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skep.api.defaults.ServiceDefaults;
import dev.skep.api.json.Json;
import dev.skep.api.model.RestartPolicy;
import dev.skep.api.model.Task;
import dev.skep.manager.orchestrator.SlotKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * How often each slot was restarted, for {@code RestartPolicy.MaxAttempts} (optionally within a sliding
 * {@code Window}). Only kept for policies with a limit. A slot's count starts over when its tasks get a
 * new spec: past failures do not count against a new definition of the service. The history lives in
 * memory; after a leader change {@link RestartSupervisor#resume} rebuilds it from the tasks in the store.
 */
final class RestartHistory {
    private static final class SlotHistory {
        JsonNode spec;
        long total;
        final Deque<Instant> restarts = new ArrayDeque<>();
    }

    private final Map<String, Map<SlotKey, SlotHistory>> byService = new HashMap<>();

    /** Whether another restart of {@code failed} stays within its policy's attempts. */
    boolean withinAttempts(Task failed) {
        RestartPolicy policy = ServiceDefaults.restartPolicy(failed.spec());
        if (policy.maxAttempts() == 0) return true;
        SlotHistory h = byService.getOrDefault(failed.serviceID(), Map.of()).get(SlotKey.of(failed));
        if (h == null || !h.spec.equals(tree(failed))) return true;
        if (policy.window() == 0) return h.total < policy.maxAttempts();
        Instant failedAt = failed.status() == null ? null : failed.status().timestamp();
        if (failedAt == null) return h.total < policy.maxAttempts();
        Instant lookback = failedAt.minus(Duration.ofNanos(policy.window()));
        // Restarts that fell out of the window will never count again.
        while (!h.restarts.isEmpty() && !h.restarts.peekFirst().isAfter(lookback)) h.restarts.removeFirst();
        long counted = 0;
        for (Iterator<Instant> it = h.restarts.iterator(); it.hasNext(); ) {
            if (it.next().isBefore(failedAt)) counted++;
        }
        return counted < policy.maxAttempts();
    }

    /** Counts the creation of {@code replacement} as a restart of its slot. */
    void record(SlotKey key, Task replacement) {
        RestartPolicy policy = ServiceDefaults.restartPolicy(replacement.spec());
        if (policy.maxAttempts() == 0) return;
        SlotHistory h = byService
                .computeIfAbsent(replacement.serviceID(), k -> new HashMap<>())
                .computeIfAbsent(key, k -> new SlotHistory());
        JsonNode spec = tree(replacement);
        if (!spec.equals(h.spec)) {
            h.spec = spec;
            h.total = 0;
            h.restarts.clear();
        }
        h.total++;
        if (policy.window() > 0) h.restarts.addLast(createdAt(replacement));
    }

    void clearService(String serviceId) {
        byService.remove(serviceId);
    }

    void clear() {
        byService.clear();
    }

    static Instant createdAt(Task t) {
        if (t.createdAt() != null) return t.createdAt();
        return t.status() == null || t.status().timestamp() == null
                ? Instant.EPOCH
                : t.status().timestamp();
    }

    private static JsonNode tree(Task t) {
        return t.spec() == null ? Json.MAPPER.nullNode() : Json.MAPPER.valueToTree(t.spec());
    }
}
