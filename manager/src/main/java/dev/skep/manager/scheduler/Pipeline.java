package dev.skep.manager.scheduler;

import dev.skep.api.model.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The filters in SwarmKit's order (ready first, so a down node costs one check). Counts, per filter, the
 * nodes that failed it — each node at its first failing filter — to explain an unschedulable task.
 */
final class Pipeline {
    private static final class Entry {
        final Filter filter;
        boolean enabled;
        int failures;

        Entry(Filter filter) {
            this.filter = filter;
        }
    }

    private final List<Entry> checklist = new ArrayList<>();

    Pipeline(Function<Task, Set<HostPort>> hostPortsOf) {
        for (Filter f : List.of(
                new ReadyFilter(),
                new ResourceFilter(),
                new ConstraintFilter(),
                new PlatformFilter(),
                new HostPortFilter(hostPortsOf),
                new MaxReplicasFilter())) {
            checklist.add(new Entry(f));
        }
    }

    /** Prepares every filter for a task and clears the failure counts. */
    void setTask(Task task) {
        for (Entry e : checklist) {
            e.enabled = e.filter.setTask(task);
            e.failures = 0;
        }
    }

    /** True when every enabled filter accepts the node; stops at the first that does not. */
    boolean process(NodeInfo node) {
        for (Entry e : checklist) {
            if (e.enabled && !e.filter.check(node)) {
                e.failures++;
                return false;
            }
        }
        return true;
    }

    void resetFailures() {
        for (Entry e : checklist) e.failures = 0;
    }

    /** SwarmKit's explanation: filters with failures, most failures first, joined by "; ". */
    String explain() {
        List<Entry> failed = new ArrayList<>();
        for (Entry e : checklist) if (e.failures > 0) failed.add(e);
        failed.sort(Comparator.comparingInt((Entry e) -> e.failures).reversed()); // stable: ties keep pipeline order
        List<String> parts = new ArrayList<>();
        for (Entry e : failed) parts.add(e.filter.explain(e.failures));
        return String.join("; ", parts);
    }
}
