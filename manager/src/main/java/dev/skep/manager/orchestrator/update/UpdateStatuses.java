package dev.skep.manager.orchestrator.update;

import dev.skep.api.model.Service;
import dev.skep.api.model.Service.UpdateStatus;
import dev.skep.store.MemoryStore;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * Writes {@code Service.UpdateStatus} the way Swarm does, each change in its own transaction against the
 * latest service. The states are the Engine API's: updating, paused, completed, rollback_started,
 * rollback_paused, rollback_completed.
 */
final class UpdateStatuses {
    static final String UPDATING = "updating";
    static final String PAUSED = "paused";
    static final String COMPLETED = "completed";
    static final String ROLLBACK_STARTED = "rollback_started";
    static final String ROLLBACK_PAUSED = "rollback_paused";
    static final String ROLLBACK_COMPLETED = "rollback_completed";

    private final MemoryStore store;

    UpdateStatuses(MemoryStore store) {
        this.store = store;
    }

    static String state(Service s) {
        return s.updateStatus() == null ? null : s.updateStatus().state();
    }

    static boolean isPaused(Service s) {
        String st = state(s);
        return PAUSED.equals(st) || ROLLBACK_PAUSED.equals(st);
    }

    static boolean isRollback(Service s) {
        return ROLLBACK_STARTED.equals(state(s));
    }

    /** True while no update is under way: none ever ran, or the last one finished. */
    static boolean isSettled(Service s) {
        String st = state(s);
        return st == null || COMPLETED.equals(st) || ROLLBACK_COMPLETED.equals(st);
    }

    void start(String serviceId, Instant at) {
        change(
                serviceId,
                s -> isSettled(s)
                        ? s.withUpdateStatus(new UpdateStatus(UPDATING, at, null, "update in progress"))
                        : null);
    }

    void pause(String serviceId, String message) {
        change(serviceId, s -> {
            UpdateStatus u = s.updateStatus();
            if (u == null) return null; // the service was updated since: that update owns the status now
            String next = ROLLBACK_STARTED.equals(u.state()) ? ROLLBACK_PAUSED : PAUSED;
            return s.withUpdateStatus(new UpdateStatus(next, u.startedAt(), u.completedAt(), message));
        });
    }

    /** Puts the previous spec back and marks the rollback started; the orchestrator then rolls it out. */
    void rollback(String serviceId, String message) {
        change(serviceId, s -> {
            UpdateStatus u = s.updateStatus();
            if (u == null) return null;
            if (s.previousSpec() == null) {
                return s.withUpdateStatus(new UpdateStatus(
                        PAUSED, u.startedAt(), u.completedAt(), message + " (no previous spec to roll back to)"));
            }
            return s.withSpec(s.previousSpec(), null)
                    .withUpdateStatus(new UpdateStatus(ROLLBACK_STARTED, u.startedAt(), null, message));
        });
    }

    void complete(String serviceId, Instant at) {
        change(serviceId, s -> {
            UpdateStatus u = s.updateStatus();
            if (u == null) return null;
            if (ROLLBACK_STARTED.equals(u.state())) {
                return s.withUpdateStatus(
                        new UpdateStatus(ROLLBACK_COMPLETED, u.startedAt(), at, "rollback completed"));
            }
            if (UPDATING.equals(u.state())) {
                return s.withUpdateStatus(new UpdateStatus(COMPLETED, u.startedAt(), at, "update completed"));
            }
            return null;
        });
    }

    private void change(String serviceId, UnaryOperator<Service> edit) {
        store.updateWithRetry(5, tx -> {
            Service s = tx.services().get(serviceId);
            if (s == null) return;
            Service changed = edit.apply(s);
            if (changed != null) tx.update(changed);
        });
    }
}
