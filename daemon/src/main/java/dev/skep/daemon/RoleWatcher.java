package dev.skep.daemon;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a node learns that it was promoted or demoted: every {@link #PERIOD} it asks the leader which role the
 * cluster grants it ({@code skep.NodeCA/NodeRole}) and, when that differs from the role it runs, takes the new
 * one on. Polling is simpler than carrying the node object on the dispatcher session (SwarmKit's way) and
 * works the same for a manager that was just taken out of the Raft group, which hears nothing any more.
 */
final class RoleWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RoleWatcher.class);
    static final Duration PERIOD = Duration.ofSeconds(2);

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "skep-role-watcher");
        t.setDaemon(true);
        return t;
    });

    RoleWatcher(Runnable check) {
        thread.scheduleWithFixedDelay(
                () -> {
                    try {
                        check.run();
                    } catch (dev.skep.cluster.ClusterException e) {
                        LOG.debug("role check failed: {}", e.getMessage());
                    } catch (RuntimeException | LinkageError e) {
                        // A scheduled task that throws is never run again: keep checking whatever went wrong.
                        LOG.warn("role check failed", e);
                    }
                },
                PERIOD.toMillis(),
                PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Stops checking; a check under way finishes on its own (it finds the node changed and does nothing). */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
