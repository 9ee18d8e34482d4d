package dev.skep.api.validation;

import dev.skep.api.constraint.Constraint;
import dev.skep.api.errors.ApiException;
import dev.skep.api.errors.SwarmErrors;
import dev.skep.api.model.ContainerSpec;
import dev.skep.api.model.EndpointSpec;
import dev.skep.api.model.HealthConfig;
import dev.skep.api.model.Mount;
import dev.skep.api.model.PortConfig;
import dev.skep.api.model.Resources;
import dev.skep.api.model.RestartPolicy;
import dev.skep.api.model.ServiceMode;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.TaskSpec;
import dev.skep.api.model.UpdateConfig;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a {@code ServiceSpec} the way SwarmKit's control API does before anything is stored. Every
 * failure is a 400 whose message names the field and says what is wrong with it.
 */
public final class ServiceSpecValidator {
    private static final Pattern DNS_NAME = Pattern.compile("^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$");
    private static final long MIN_NANO_CPUS = 1_000_000L;
    private static final long MIN_MEMORY = 4L * 1024 * 1024;
    private static final long MIN_HEALTH_DURATION = 1_000_000L;
    private static final Set<String> RESTART_CONDITIONS =
            Set.of(RestartPolicy.ANY, RestartPolicy.ON_FAILURE, RestartPolicy.NONE);
    private static final Set<String> FAILURE_ACTIONS =
            Set.of(UpdateConfig.PAUSE, UpdateConfig.CONTINUE, UpdateConfig.ROLLBACK);
    private static final Set<String> ORDERS = Set.of(UpdateConfig.STOP_FIRST, UpdateConfig.START_FIRST);
    private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "sctp");

    private ServiceSpecValidator() {}

    /** Validates a spec for create or update; throws a 400 {@link ApiException} on the first problem. */
    public static void validate(ServiceSpec spec) {
        if (spec == null) throw invalid(SwarmErrors.SERVICE_SPEC_REQUIRED);
        validateName(spec.name());
        validateTaskSpec(spec.taskTemplate());
        validateMode(spec.mode());
        if (spec.mode() != null && spec.mode().isJob()) {
            if (spec.updateConfig() != null) throw invalid("Jobs may not have an update config");
        } else {
            validateUpdateConfig("update", spec.updateConfig());
        }
        validateUpdateConfig("rollback", spec.rollbackConfig());
        validateEndpointSpec(spec.endpointSpec());
    }

    /** What may not change between the stored spec and an update: the mode and the name. */
    public static void validateUpdate(ServiceSpec current, ServiceSpec next) {
        if (!current.mode().name().equals(next.mode().name())) {
            throw invalid(
                    "service mode change is not allowed (" + current.mode().name() + " to "
                            + next.mode().name() + "); remove the service and create it again");
        }
        if (!Objects.equals(current.name(), next.name())) {
            throw invalid("renaming services is not supported");
        }
    }

    public static void validateName(String name) {
        if (name == null || name.isEmpty()) throw invalid("meta: name must be provided");
        if (!DNS_NAME.matcher(name).matches()) {
            throw invalid("name must be valid as a DNS name component: \"" + name
                    + "\" may use only letters, digits, '-' and '_', and must start and end with a letter or digit");
        }
        if (name.length() > 63) throw invalid("name must be 63 characters or fewer (got " + name.length() + ")");
    }

    private static void validateTaskSpec(TaskSpec task) {
        if (task == null) throw invalid("ContainerSpec: image reference must be provided (TaskTemplate is missing)");
        if (task.pluginSpec() != null && !task.pluginSpec().isNull()) {
            throw RpcErrors.unimplemented("RuntimeSpec: unimplemented runtime in service spec");
        }
        if (task.resources() != null) {
            validateResources("Limits", task.resources().limits());
            validateResources("Reservations", task.resources().reservations());
        }
        validateRestartPolicy(task.restartPolicy());
        if (task.placement() != null) validateConstraints(task.placement().constraints());
        validateContainerSpec(task.containerSpec());
    }

    private static void validateContainerSpec(ContainerSpec c) {
        if (c == null || c.image() == null || c.image().isEmpty()) {
            throw invalid("ContainerSpec: image reference must be provided");
        }
        if (!ImageReference.isValid(c.image())) {
            throw invalid("ContainerSpec: \"" + c.image() + "\" is not a valid repository/tag");
        }
        if (c.stopGracePeriod() != null && c.stopGracePeriod() < 0) {
            throw invalid("ContainerSpec: StopGracePeriod cannot be negative");
        }
        if (c.mounts() != null) {
            Set<String> targets = new HashSet<>();
            for (Mount m : c.mounts()) {
                if (m.target() != null && !targets.add(m.target())) {
                    throw invalid("ContainerSpec: duplicate mount point: " + m.target());
                }
            }
        }
        validateHealthCheck(c.healthCheck());
        SecretValidator.validateReferences(c);
    }

    private static void validateHealthCheck(HealthConfig h) {
        if (h == null) return;
        minimum("Interval", h.interval());
        minimum("Timeout", h.timeout());
        minimum("StartPeriod", h.startPeriod());
        minimum("StartInterval", h.startInterval());
        if (h.retries() != null && h.retries() < 0) {
            throw invalid("ContainerSpec: Retries in HealthConfig cannot be negative");
        }
    }

    private static void minimum(String field, Long nanos) {
        if (nanos != null && nanos != 0 && nanos < MIN_HEALTH_DURATION) {
            throw invalid("ContainerSpec: " + field + " in HealthConfig cannot be less than 1ms");
        }
    }

    private static void validateResources(String which, Resources r) {
        if (r == null) return;
        if (r.nanoCPUs() != null && r.nanoCPUs() != 0 && r.nanoCPUs() < MIN_NANO_CPUS) {
            throw invalid("invalid cpu value " + (r.nanoCPUs() / 1e9) + " in Resources." + which
                    + ": Must be at least 0.001");
        }
        if (r.memoryBytes() != null && r.memoryBytes() != 0 && r.memoryBytes() < MIN_MEMORY) {
            throw invalid(
                    "invalid memory value " + r.memoryBytes() + " in Resources." + which + ": Must be at least 4MiB");
        }
        if (r.pids() != null && r.pids() < 0) throw invalid("Resources." + which + ".Pids cannot be negative");
        if (r.genericResources() != null) validateGeneric(which, r.genericResources());
    }

    /** A task asks for a count of a kind ({@code --generic-resource gpu=1}); which units it gets is the scheduler's. */
    private static void validateGeneric(String which, List<Resources.GenericResource> generic) {
        for (Resources.GenericResource g : generic) {
            Resources.GenericResource.DiscreteSpec d = g.discreteResourceSpec();
            if (g.namedResourceSpec() != null || d == null) {
                throw invalid("invalid generic resource in Resources." + which
                        + ": a task asks for a count of a kind (e.g. gpu=1), not for a named resource");
            }
            if (d.kind() == null || d.kind().isBlank() || d.value() == null || d.value() < 1) {
                throw invalid("invalid generic resource " + d.kind() + "=" + d.value() + " in Resources." + which
                        + ": the kind must be named and the count at least 1");
            }
        }
    }

    private static void validateRestartPolicy(RestartPolicy p) {
        if (p == null) return;
        if (p.condition() != null && !p.condition().isEmpty() && !RESTART_CONDITIONS.contains(p.condition())) {
            throw invalid("TaskSpec: invalid RestartPolicy.Condition \"" + p.condition()
                    + "\": use one of none, on-failure, any");
        }
        if (p.delay() != null && p.delay() < 0) throw invalid("TaskSpec: restart-delay cannot be negative");
        if (p.window() != null && p.window() < 0) throw invalid("TaskSpec: restart-window cannot be negative");
        if (p.maxAttempts() != null && p.maxAttempts() < 0) {
            throw invalid("TaskSpec: restart-max-attempts cannot be negative");
        }
    }

    /** Constraint syntax: {@code key==value} or {@code key!=value}, parsed by the scheduler's own parser. */
    public static void validateConstraints(List<String> constraints) {
        if (constraints == null) return;
        for (String c : constraints) {
            try {
                Constraint.parse(Arrays.asList(c));
            } catch (IllegalArgumentException e) {
                throw invalid("invalid placement constraint \"" + c + "\": " + e.getMessage());
            }
        }
    }

    private static void validateMode(ServiceMode mode) {
        if (mode == null) return;
        int set = (mode.replicated() != null ? 1 : 0)
                + (mode.global() != null ? 1 : 0)
                + (mode.replicatedJob() != null ? 1 : 0)
                + (mode.globalJob() != null ? 1 : 0);
        if (set > 1) throw invalid("Mode: specify only one of Replicated, Global, ReplicatedJob or GlobalJob");
        if (mode.replicated() != null
                && mode.replicated().replicas() != null
                && mode.replicated().replicas() < 0) {
            throw invalid("Number of replicas must be non-negative (Mode.Replicated.Replicas is "
                    + mode.replicated().replicas() + ")");
        }
        if (mode.replicatedJob() != null) {
            Long max = mode.replicatedJob().maxConcurrent();
            Long total = mode.replicatedJob().totalCompletions();
            if (max != null && max < 0) throw invalid("Maximum concurrent jobs must not be negative");
            if (total != null && total < 0) throw invalid("Total completed jobs must not be negative");
        }
    }

    private static void validateUpdateConfig(String which, UpdateConfig u) {
        if (u == null) return;
        String field = "rollback".equals(which) ? "RollbackConfig" : "UpdateConfig";
        if (u.parallelism() != null && u.parallelism() < 0) {
            throw invalid(field + ".Parallelism cannot be negative");
        }
        if (u.delay() != null && u.delay() < 0) throw invalid("TaskSpec: " + which + "-delay cannot be negative");
        if (u.monitor() != null && u.monitor() < 0) {
            throw invalid("TaskSpec: " + which + "-monitor cannot be negative");
        }
        if (u.maxFailureRatio() != null && (u.maxFailureRatio() < 0 || u.maxFailureRatio() > 1)) {
            throw invalid("TaskSpec: " + which + "-maxfailureratio cannot be less than 0 or bigger than 1");
        }
        if (u.failureAction() != null && !u.failureAction().isEmpty() && !FAILURE_ACTIONS.contains(u.failureAction())) {
            throw invalid("unrecognized " + which + " failure action " + u.failureAction() + " in " + field
                    + ".FailureAction: use one of pause, continue, rollback");
        }
        if (u.order() != null && !u.order().isEmpty() && !ORDERS.contains(u.order())) {
            throw invalid("unrecognized " + which + " order " + u.order() + " in " + field
                    + ".Order: use stop-first or start-first");
        }
    }

    private static void validateEndpointSpec(EndpointSpec e) {
        if (e == null) return;
        String mode = e.mode() == null || e.mode().isEmpty() ? "vip" : e.mode();
        if (!mode.equals("vip") && !mode.equals("dnsrr")) {
            throw invalid("invalid resolution mode: " + e.mode() + " in EndpointSpec.Mode: use vip or dnsrr");
        }
        if (e.ports() == null) return;
        Set<String> published = new HashSet<>();
        for (PortConfig p : e.ports()) {
            String protocol = p.protocol() == null || p.protocol().isEmpty() ? "tcp" : p.protocol();
            String publishMode = p.publishMode() == null || p.publishMode().isEmpty() ? "ingress" : p.publishMode();
            if (!PROTOCOLS.contains(protocol)) {
                throw invalid("EndpointSpec: invalid protocol \"" + p.protocol() + "\": use tcp, udp or sctp");
            }
            if (!publishMode.equals("ingress") && !publishMode.equals("host")) {
                throw invalid("EndpointSpec: invalid PublishMode \"" + p.publishMode() + "\": use ingress or host");
            }
            checkPort("TargetPort", p.targetPort());
            checkPort("PublishedPort", p.publishedPort());
            if (mode.equals("dnsrr") && publishMode.equals("ingress")) {
                throw invalid("EndpointSpec: port published with ingress mode can't be used with dnsrr mode");
            }
            long port = p.publishedPort() == null ? 0 : p.publishedPort();
            if (port != 0 && !published.add(port + "/" + protocol)) {
                throw invalid("EndpointSpec: duplicate published ports provided");
            }
        }
    }

    private static void checkPort(String field, Long port) {
        if (port != null && (port < 0 || port > 65535)) {
            throw invalid("EndpointSpec: " + field + " " + port + " is out of range 0-65535");
        }
    }

    private static ApiException invalid(String message) {
        return RpcErrors.invalidArgument(message);
    }
}
