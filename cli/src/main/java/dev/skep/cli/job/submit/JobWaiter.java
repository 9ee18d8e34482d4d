package dev.skep.cli.job.submit;

import dev.skep.api.filters.Filters;
import dev.skep.api.model.Service;
import dev.skep.cli.client.SwarmApi;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Polls a condor job's tasks until every process is done, remembering when each process was first seen running
 * (for the user log's executing event).
 */
public final class JobWaiter {
    private final SwarmApi api;
    private final Duration interval;
    private final Map<Long, Instant> seenRunning = new HashMap<>();

    public JobWaiter(SwarmApi api, Duration interval) {
        this.api = api;
        this.interval = interval;
    }

    public List<CondorProcess> awaitDone(Service service) throws InterruptedException {
        while (true) {
            List<CondorProcess> processes = processes(api, service);
            for (CondorProcess p : processes) {
                if (p.state() == ProcessState.RUNNING) seenRunning.putIfAbsent(p.process(), Instant.now());
            }
            if (processes.stream().allMatch(p -> p.state().isDone())) return processes;
            Thread.sleep(interval.toMillis());
        }
    }

    public Instant startedAt(long process) {
        return seenRunning.get(process);
    }

    /** The processes of one condor job service as the daemon reports them now. */
    public static List<CondorProcess> processes(SwarmApi api, Service service) {
        return CondorProcess.of(service, api.tasks(Filters.empty().add("service", service.id())));
    }
}
