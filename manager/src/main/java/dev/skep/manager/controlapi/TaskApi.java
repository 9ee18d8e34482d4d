package dev.skep.manager.controlapi;

import dev.skep.api.errors.ApiException;
import dev.skep.api.filters.Filters;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.store.MemoryStore;
import dev.skep.store.ReadTx;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The task half of the control API: reads only; tasks are written by the loops. */
public final class TaskApi {
    static final Set<String> LIST_FILTERS =
            Set.of("id", "name", "label", "service", "node", "desired-state", "_up-to-date", "runtime");

    private final MemoryStore store;

    public TaskApi(MemoryStore store) {
        this.store = store;
    }

    public Task get(String idOrName) {
        return store.view(tx -> resolve(tx, idOrName));
    }

    /**
     * {@code GET /tasks}. The service and node filters take names or ID prefixes and are resolved first,
     * as dockerd does; the label filter matches the labels of the task's service.
     */
    public List<Task> list(Filters filters) {
        filters.validate(LIST_FILTERS);
        for (String s : filters.get("desired-state")) {
            if (!s.isEmpty() && !isState(s)) throw ApiException.invalid("Invalid desired-state filter: '" + s + "'");
        }
        return store.view(tx -> {
            Filters f = resolveReferences(tx, filters);
            boolean upToDate = f.contains("_up-to-date");
            return tx.tasks().all().stream()
                    .filter(t -> matches(tx, f, t, upToDate))
                    .sorted(Comparator.comparing(Task::id))
                    .toList();
        });
    }

    private static Filters resolveReferences(ReadTx tx, Filters filters) {
        Filters f = filters;
        if (f.contains("service")) {
            List<String> ids = new ArrayList<>();
            for (String s : f.get("service")) ids.add(ServiceApi.resolve(tx, s).id());
            f = f.with("service", ids);
        }
        if (f.contains("node")) {
            List<String> ids = new ArrayList<>();
            for (String n : f.get("node")) ids.add(NodeApi.resolve(tx, n).id());
            f = f.with("node", ids);
        }
        if (!f.contains("runtime")) f = f.with("runtime", List.of("container", ""));
        return f;
    }

    private static boolean matches(ReadTx tx, Filters f, Task t, boolean upToDate) {
        Service service = tx.services().get(t.serviceID());
        String serviceName = service == null ? "" : service.name();
        Map<String, String> labels =
                service == null ? t.labels() : service.spec().labels();
        return f.matchesPrefix("id", t.id())
                && f.matchesPrefix("name", TaskNames.of(t, serviceName))
                && f.matchesLabels("label", labels)
                && f.matchesExact("service", t.serviceID())
                && f.matchesExact("node", t.nodeID())
                && f.matchesExactIgnoreCase(
                        "desired-state",
                        t.desiredState() == null ? null : t.desiredState().wire())
                && f.matchesExact("runtime", runtime(t))
                && (!upToDate || isUpToDate(service, t));
    }

    private static String runtime(Task t) {
        if (t.spec() == null) return "";
        return t.spec().pluginSpec() != null ? "plugin" : "container";
    }

    /** The task runs the service's current task template (what the create/update progress bars wait for). */
    static boolean isUpToDate(Service service, Task t) {
        return service != null && Objects.equals(service.spec().taskTemplate(), t.spec());
    }

    private static boolean isState(String s) {
        try {
            TaskState.parse(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Full ID, exact task name, unique ID prefix. */
    public static Task resolve(ReadTx tx, String input) {
        return Resolver.resolve("task", input, tx.tasks().get(input), tx.tasks().all(), t -> {
            Service s = tx.services().get(t.serviceID());
            return input.equals(TaskNames.of(t, s == null ? "" : s.name()));
        });
    }
}
