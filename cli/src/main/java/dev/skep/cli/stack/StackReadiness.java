package dev.skep.cli.stack;

import dev.skep.api.filters.Filters;
import dev.skep.api.model.Service;
import dev.skep.cli.CliException;
import dev.skep.cli.client.SwarmApi;
import dev.skep.compose.StackService;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Waits until a service's tasks run (for {@code service_started} and {@code service_healthy}: the executor
 * reports a task with a health check as running only once it is healthy) or its job completed.
 */
final class StackReadiness {
    private static final Duration POLL = Duration.ofMillis(250);

    private final SwarmApi api;
    private final PrintStream out;
    private final Duration timeout;
    private final Set<String> ready = new HashSet<>();

    StackReadiness(SwarmApi api, PrintStream out, Duration timeout) {
        this.api = api;
        this.out = out;
        this.timeout = timeout;
    }

    void await(StackService service, String condition) throws InterruptedException {
        String key = service.name() + "/" + condition;
        if (ready.contains(key)) return;
        out.println("Waiting for " + service.name() + " to be " + describe(service, condition));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isReady(service.name(), condition)) {
            if (System.nanoTime() > deadline) {
                throw new CliException("timed out after " + timeout.toSeconds() + "s waiting for " + service.name()
                        + " to be " + describe(service, condition));
            }
            Thread.sleep(POLL.toMillis());
        }
        out.println(service.name() + " is " + describe(service, condition));
        ready.add(key);
    }

    private boolean isReady(String name, String condition) {
        List<Service> found = api.services(Filters.empty().add("name", name), true).stream()
                .filter(s -> s.spec().name().equals(name))
                .toList();
        if (found.isEmpty() || found.get(0).serviceStatus() == null) return false;
        Service.ServiceStatus status = found.get(0).serviceStatus();
        long running = n(status.runningTasks());
        long desired = n(status.desiredTasks());
        long completed = n(status.completedTasks());
        if (StackService.COMPLETED.equals(condition)) return completed > 0 && running == 0;
        return desired > 0 && running >= desired;
    }

    private static String describe(StackService service, String condition) {
        if (StackService.COMPLETED.equals(condition)) return "completed";
        return service.hasHealthcheck() ? "running and healthy" : "running";
    }

    private static long n(Long v) {
        return v == null ? 0 : v;
    }
}
