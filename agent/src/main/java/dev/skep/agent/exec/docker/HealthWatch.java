package dev.skep.agent.exec.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import dev.skep.agent.exec.ExecException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Fails a running task whose container's health check turns unhealthy, as Swarm's container adapter does: it
 * follows dockerd's {@code health_status} events for the container while the task's wait is open, and ends the
 * wait with Swarm's "unhealthy container" error; the task then fails and the restart policy replaces it.
 */
final class HealthWatch {
    /** dockerd's action text when a health check fails its retries ({@code health_status: unhealthy}). */
    static final String UNHEALTHY = "health_status: unhealthy";

    private HealthWatch() {}

    /** Follows the container's health until {@code exit} completes, which also closes the event stream. */
    static void follow(DockerClient client, String container, CompletableFuture<Long> exit) {
        ResultCallback.Adapter<Event> events = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Event e) {
                if (UNHEALTHY.equals(e.getAction())) exit.completeExceptionally(unhealthy());
            }
        };
        // dockerd matches "health_status" against every health_status:* action (moby's fuzzy event filter).
        client.eventsCmd()
                .withContainerFilter(container)
                .withEventFilter("health_status")
                .exec(events);
        exit.whenComplete((code, error) -> closeQuietly(events));
    }

    static ExecException unhealthy() {
        return ExecException.fatal("unhealthy container", null);
    }

    private static void closeQuietly(ResultCallback<?> callback) {
        try {
            callback.close();
        } catch (IOException | RuntimeException e) {
            // the stream is abandoned either way
        }
    }
}
