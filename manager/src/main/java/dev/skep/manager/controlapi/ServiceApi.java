package dev.skep.manager.controlapi;

import dev.skep.api.constraint.Constraint;
import dev.skep.api.defaults.ServiceDefaults;
import dev.skep.api.errors.ApiException;
import dev.skep.api.errors.SwarmErrors;
import dev.skep.api.filters.Filters;
import dev.skep.api.model.Ids;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceMode;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.Version;
import dev.skep.api.validation.RpcErrors;
import dev.skep.api.validation.ServiceSpecValidator;
import dev.skep.manager.cron.CronLabel;
import dev.skep.manager.scheduler.StrategyLabel;
import dev.skep.store.ConflictException;
import dev.skep.store.MemoryStore;
import dev.skep.store.ReadTx;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The service half of the control API: validates specs, resolves names, checks versions and writes
 * services to the store. It creates no tasks; the orchestrator reacts to the stored service.
 */
public final class ServiceApi {
    static final Set<String> LIST_FILTERS = Set.of("id", "name", "label", "mode", "runtime");

    private final MemoryStore store;

    public ServiceApi(MemoryStore store) {
        this.store = store;
    }

    /** Stores a new service and returns its ID. An empty name gets a generated one, as dockerd does. */
    public String create(ServiceSpec requested) {
        if (requested == null) throw RpcErrors.invalidArgument(SwarmErrors.SERVICE_SPEC_REQUIRED);
        ServiceSpec spec = normalize(requested);
        if (spec.name() == null || spec.name().isEmpty()) spec = named(spec, ServiceNames.random());
        validate(spec);
        ServiceSpec withIds = withNetworkIds(spec);
        spec = withIds;
        String id = Ids.newId();
        Service.JobStatus job = spec.mode().isJob()
                ? new Service.JobStatus(Version.of(0), store.clock().instant())
                : null;
        Service service = new Service(
                id,
                null,
                null,
                null,
                spec,
                null,
                new Service.Endpoint(spec.endpointSpec(), null, null),
                null,
                null,
                job);
        String name = spec.name();
        try {
            Commits.update(store, tx -> {
                ServiceNetworkRefs.checkPortConflicts(tx, withIds, id);
                SecretRefs.checkExistence(tx, withIds);
                tx.create(service);
            });
        } catch (ConflictException e) {
            throw RpcErrors.alreadyExists(SwarmErrors.NAME_CONFLICT + ": service " + name + " already exists");
        }
        return id;
    }

    /** {@code GET /services/{id}}; with insertDefaults the spec shows Swarm's defaults. */
    public Service get(String idOrName, boolean insertDefaults) {
        Service s = store.view(tx -> resolve(tx, idOrName));
        if (!insertDefaults) return s;
        return s.withSpec(
                ServiceDefaults.interpolate(s.spec()),
                s.previousSpec() == null ? null : ServiceDefaults.interpolate(s.previousSpec()));
    }

    /** {@code GET /services}; with status, each service carries running/desired/completed task counts. */
    public List<Service> list(Filters filters, boolean status) {
        filters.validate(LIST_FILTERS);
        Filters f = filters.contains("runtime") ? filters : filters.with("runtime", List.of("container"));
        return store.view(tx -> tx.services().all().stream()
                .filter(s -> matches(f, s))
                .sorted(Comparator.comparing(Service::id))
                .map(s -> status ? s.withServiceStatus(ServiceStatuses.of(tx, s)) : s)
                .toList());
    }

    private static boolean matches(Filters f, Service s) {
        return f.matchesPrefix("id", s.id())
                && f.matchesPrefix("name", s.name())
                && f.matchesLabels("label", s.spec().labels())
                && f.matchesExact(
                        "mode",
                        s.spec().mode() == null ? "replicated" : s.spec().mode().name())
                && f.matchesExact("runtime", runtime(s.spec()));
    }

    static String runtime(ServiceSpec spec) {
        if (spec.taskTemplate() == null) return "";
        return spec.taskTemplate().pluginSpec() != null ? "plugin" : "container";
    }

    /**
     * {@code POST /services/{id}/update}. A normal update keeps the old spec as PreviousSpec; a rollback
     * swaps the two. The version must be the one the client read.
     */
    public void update(String idOrName, long version, ServiceSpec requested, boolean rollback) {
        Service current = store.view(tx -> resolve(tx, idOrName));
        Service next;
        if (rollback) {
            next = rolledBack(current);
        } else {
            if (requested == null) throw RpcErrors.invalidArgument(SwarmErrors.SERVICE_SPEC_REQUIRED);
            ServiceSpec spec = withNetworkIds(normalize(requested));
            validate(spec);
            ServiceSpecValidator.validateUpdate(current.spec(), spec);
            next = updated(current, spec);
        }
        Commits.checkVersion(current.version(), version);
        Commits.update(store, tx -> {
            ServiceNetworkRefs.checkPortConflicts(tx, next.spec(), next.id());
            SecretRefs.checkExistence(tx, next.spec());
            tx.update(next);
        });
    }

    private Service rolledBack(Service current) {
        if (current.previousSpec() == null) {
            throw RpcErrors.failedPrecondition("service " + current.id() + " does not have a previous spec");
        }
        return nextJobIteration(current.withSpec(current.previousSpec(), current.spec()))
                .withUpdateStatus(new Service.UpdateStatus(
                        "rollback_started", store.clock().instant(), null, "manually requested rollback"));
    }

    private Service updated(Service current, ServiceSpec spec) {
        // Only a change the tasks see starts a rolling update; a scale or a label change does not, and neither does
        // a change of published ports: every node's mesh rules follow them live (tasks stay, see
        // TaskFactory.hostPortBindingsChanged for the exception). The status is then reset, as SwarmKit resets it,
        // so the docker CLI waits its monitor period for stable tasks while the nodes apply the new ports, instead
        // of returning at once on a "completed" status that the updater writes before the nodes have them.
        boolean tasksChange = !Objects.equals(current.spec().taskTemplate(), spec.taskTemplate());
        Service.UpdateStatus status = tasksChange
                ? new Service.UpdateStatus("updating", store.clock().instant(), null, "update in progress")
                : null;
        Service next = current.withSpec(spec, current.spec()).withUpdateStatus(status);
        if (!Objects.equals(current.spec().endpointSpec(), spec.endpointSpec())) {
            Service.Endpoint e = current.endpoint();
            next = next.withEndpoint(new Service.Endpoint(
                    spec.endpointSpec(), e == null ? null : e.ports(), e == null ? null : e.virtualIPs()));
        }
        return nextJobIteration(next);
    }

    /** Updating a job runs it again: a new iteration. */
    private Service nextJobIteration(Service s) {
        if (s.jobStatus() == null) return s;
        long iteration = s.jobStatus().jobIteration() == null
                ? 0
                : s.jobStatus().jobIteration().value();
        return s.withJobStatus(
                new Service.JobStatus(Version.of(iteration + 1), store.clock().instant()));
    }

    private static final int REMOVE_ATTEMPTS = 20;

    /**
     * {@code DELETE /services/{id}}. The service's tasks get desired state REMOVE in the same commit (the
     * orchestrators would do it a moment later): a client that removes a stack's networks right after its services,
     * as {@code docker stack rm} does, must not find them still in use by tasks meant to run.
     */
    public void remove(String idOrName) {
        Service s = store.view(tx -> resolve(tx, idOrName));
        try {
            // the loops are busy with a new service's tasks: a commit that lost the race to one of them is retried
            store.updateWithRetry(REMOVE_ATTEMPTS, tx -> {
                Service fresh = tx.services().get(s.id());
                if (fresh == null) throw ApiException.notFound("service " + idOrName + " not found");
                tx.delete(fresh);
                for (Task t : tx.tasksOfService(fresh.id())) {
                    if (TaskState.REMOVE.isAfter(t.desiredState())) tx.update(t.withDesiredState(TaskState.REMOVE));
                }
            });
        } catch (ConflictException e) {
            throw ApiException.notFound("service " + idOrName + " not found");
        }
    }

    /**
     * The spec checks, plus the scheduler's own constraint parser so nothing is stored it cannot read, and
     * Skep's own labels: the scheduling strategy and a job's cron schedule.
     */
    private static void validate(ServiceSpec spec) {
        ServiceSpecValidator.validate(spec);
        try {
            StrategyLabel.validate(spec.labels());
            CronLabel.validate(spec);
        } catch (IllegalArgumentException e) {
            throw RpcErrors.invalidArgument(e.getMessage());
        }
        var placement = spec.taskTemplate().placement();
        if (placement == null) return;
        try {
            Constraint.parse(placement.constraints());
        } catch (IllegalArgumentException e) {
            throw RpcErrors.invalidArgument(e.getMessage());
        }
    }

    /** Network names in the spec become IDs, as dockerd resolves them before SwarmKit sees the spec. */
    private ServiceSpec withNetworkIds(ServiceSpec spec) {
        return store.view(tx -> ServiceNetworkRefs.resolve(tx, spec));
    }

    /** Full ID, exact name, unique ID prefix. */
    public static Service resolve(ReadTx tx, String input) {
        return Resolver.resolve(
                "service", input, tx.services().get(input), tx.services().all(), s -> input.equals(s.name()));
    }

    /**
     * What dockerd stores for what the client sent: a missing mode (or replica count) is one replica,
     * the conversion the Engine makes before SwarmKit sees the spec.
     */
    static ServiceSpec normalize(ServiceSpec spec) {
        ServiceMode mode = spec.mode();
        if (mode == null
                || (mode.replicated() == null
                        && mode.global() == null
                        && mode.replicatedJob() == null
                        && mode.globalJob() == null)) {
            return spec.withMode(ServiceMode.ofReplicated(1));
        }
        if (mode.replicated() != null
                && mode.replicated().replicas() == null
                && mode.global() == null
                && mode.replicatedJob() == null
                && mode.globalJob() == null) {
            return spec.withMode(ServiceMode.ofReplicated(1));
        }
        if (mode.replicatedJob() != null) {
            Long max = mode.replicatedJob().maxConcurrent();
            Long total = mode.replicatedJob().totalCompletions();
            // dockerd: MaxConcurrent defaults to 1 and TotalCompletions to MaxConcurrent.
            long m = max == null || max == 0 ? 1 : max;
            long t = total == null || total == 0 ? m : total;
            if (!Objects.equals(max, m) || !Objects.equals(total, t)) {
                return spec.withMode(new ServiceMode(null, null, new ServiceMode.ReplicatedJob(m, t), null));
            }
        }
        return spec;
    }

    private static ServiceSpec named(ServiceSpec s, String name) {
        return new ServiceSpec(
                name,
                s.labels(),
                s.taskTemplate(),
                s.mode(),
                s.updateConfig(),
                s.rollbackConfig(),
                s.networks(),
                s.endpointSpec());
    }
}
