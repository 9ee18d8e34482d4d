package dev.skep.cli.service.progress;

import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import java.util.List;
import java.util.Set;

/** Renders one poll of a service's up-to-date tasks and says whether the service has converged. */
public interface ProgressUpdater {
    boolean update(Service service, List<Task> tasks, Set<String> activeNodes, boolean rollback);

    static ProgressUpdater forService(Service service, ProgressWriter out) {
        var mode = service.spec().mode();
        if (mode == null) throw new dev.skep.cli.CliException("unrecognized service mode");
        if (mode.replicated() != null) return new ReplicatedProgress(out);
        if (mode.global() != null) return new GlobalProgress(out);
        if (mode.replicatedJob() != null) return new ReplicatedJobProgress(service, out);
        if (mode.globalJob() != null) return new GlobalJobProgress(out);
        throw new dev.skep.cli.CliException("unrecognized service mode");
    }

    static void writeOverall(ProgressWriter out, long running, long desired, boolean rollback) {
        String action = rollback
                ? "rolling back update: " + running + " out of " + desired + " tasks"
                : running + " out of " + desired + " tasks";
        out.progress("overall progress", action, 0, 0);
    }
}
