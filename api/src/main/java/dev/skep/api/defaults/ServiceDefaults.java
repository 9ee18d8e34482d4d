package dev.skep.api.defaults;

import dev.skep.api.model.ContainerSpec;
import dev.skep.api.model.EndpointSpec;
import dev.skep.api.model.Placement;
import dev.skep.api.model.ResourceRequirements;
import dev.skep.api.model.RestartPolicy;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.TaskSpec;
import dev.skep.api.model.UpdateConfig;
import java.time.Duration;

/**
 * Swarm's defaults for a service. The store keeps the spec exactly as the client sent it; the loops read
 * the effective values through the methods here, and {@code GET /services/{id}?insertDefaults=true}
 * shows {@link #interpolate} of the stored spec.
 *
 * <p>One Swarm subtlety is kept on purpose: a missing {@code UpdateConfig} means parallelism 1, but an
 * {@code UpdateConfig} sent without {@code Parallelism} means 0, "all at once" (the field is a plain
 * uint64 in SwarmKit, so absent and 0 are the same).
 */
public final class ServiceDefaults {
    public static final long STOP_GRACE_PERIOD = Duration.ofSeconds(10).toNanos();
    public static final long RESTART_DELAY = Duration.ofSeconds(5).toNanos();
    public static final long MONITOR = Duration.ofSeconds(5).toNanos();
    public static final String ENDPOINT_MODE = "vip";

    public static final RestartPolicy RESTART_POLICY = new RestartPolicy(RestartPolicy.ANY, RESTART_DELAY, 0L, 0L);
    public static final UpdateConfig UPDATE_CONFIG =
            new UpdateConfig(1L, 0L, UpdateConfig.PAUSE, MONITOR, 0.0, UpdateConfig.STOP_FIRST);
    public static final UpdateConfig ROLLBACK_CONFIG = UPDATE_CONFIG;

    private ServiceDefaults() {}

    /** The spec as {@code insertDefaults=true} shows it (what SwarmKit's InterpolateService fills in). */
    public static ServiceSpec interpolate(ServiceSpec spec) {
        TaskSpec task = spec.taskTemplate() == null ? emptyTask() : spec.taskTemplate();
        ContainerSpec c = task.containerSpec();
        if (c != null && (c.stopGracePeriod() == null || c.dnsConfig() == null)) {
            c = new ContainerSpec(
                    c.image(),
                    c.labels(),
                    c.command(),
                    c.args(),
                    c.hostname(),
                    c.env(),
                    c.dir(),
                    c.user(),
                    c.groups(),
                    c.privileges(),
                    c.tty(),
                    c.openStdin(),
                    c.readOnly(),
                    c.mounts(),
                    c.stopSignal(),
                    c.stopGracePeriod() == null ? STOP_GRACE_PERIOD : c.stopGracePeriod(),
                    c.healthCheck(),
                    c.hosts(),
                    c.dnsConfig() == null ? new ContainerSpec.DnsConfig(null, null, null) : c.dnsConfig(),
                    c.secrets(),
                    c.configs(),
                    c.isolation(),
                    c.init(),
                    c.sysctls(),
                    c.capabilityAdd(),
                    c.capabilityDrop(),
                    c.ulimits(),
                    c.oomScoreAdj());
        }
        RestartPolicy restart = task.restartPolicy() == null
                ? RESTART_POLICY
                : task.restartPolicy().delay() != null
                        ? task.restartPolicy()
                        : new RestartPolicy(
                                task.restartPolicy().condition(),
                                RESTART_DELAY,
                                task.restartPolicy().maxAttempts(),
                                task.restartPolicy().window());
        TaskSpec filled = new TaskSpec(
                task.pluginSpec(),
                c,
                task.networkAttachmentSpec(),
                task.resources() == null ? new ResourceRequirements(null, null) : task.resources(),
                restart,
                task.placement() == null ? new Placement(null, null, null, null) : task.placement(),
                task.forceUpdate(),
                task.runtime(),
                task.networks(),
                task.logDriver());
        return new ServiceSpec(
                spec.name(),
                spec.labels(),
                filled,
                spec.mode(),
                withMonitor(spec.updateConfig(), UPDATE_CONFIG),
                withMonitor(spec.rollbackConfig(), ROLLBACK_CONFIG),
                spec.networks(),
                spec.endpointSpec());
    }

    private static TaskSpec emptyTask() {
        return new TaskSpec(null, null, null, null, null, null, null, null, null, null);
    }

    private static UpdateConfig withMonitor(UpdateConfig given, UpdateConfig defaults) {
        if (given == null) return defaults;
        if (given.monitor() != null) return given;
        return new UpdateConfig(
                given.parallelism(),
                given.delay(),
                given.failureAction(),
                MONITOR,
                given.maxFailureRatio(),
                given.order());
    }

    /** The restart policy the restart supervisor applies, every field set. */
    public static RestartPolicy restartPolicy(TaskSpec task) {
        RestartPolicy p = task == null ? null : task.restartPolicy();
        if (p == null) return RESTART_POLICY;
        return new RestartPolicy(
                p.condition() == null || p.condition().isEmpty() ? RestartPolicy.ANY : p.condition(),
                p.delay() == null ? RESTART_DELAY : p.delay(),
                p.maxAttempts() == null ? 0L : p.maxAttempts(),
                p.window() == null ? 0L : p.window());
    }

    /** The update config the updater applies, every field set (see the class note on Parallelism). */
    public static UpdateConfig updateConfig(ServiceSpec spec) {
        return effective(spec == null ? null : spec.updateConfig(), UPDATE_CONFIG);
    }

    /** The rollback config the updater applies when rolling back, every field set. */
    public static UpdateConfig rollbackConfig(ServiceSpec spec) {
        return effective(spec == null ? null : spec.rollbackConfig(), ROLLBACK_CONFIG);
    }

    private static UpdateConfig effective(UpdateConfig u, UpdateConfig defaults) {
        if (u == null) return defaults;
        return new UpdateConfig(
                u.parallelism() == null ? 0L : u.parallelism(),
                u.delay() == null ? 0L : u.delay(),
                u.failureAction() == null || u.failureAction().isEmpty() ? UpdateConfig.PAUSE : u.failureAction(),
                u.monitor() == null ? MONITOR : u.monitor(),
                u.maxFailureRatio() == null ? 0.0 : u.maxFailureRatio(),
                u.order() == null || u.order().isEmpty() ? UpdateConfig.STOP_FIRST : u.order());
    }

    /** How long the executor waits after the stop signal before killing the container, in nanoseconds. */
    public static long stopGracePeriod(ContainerSpec container) {
        return container == null || container.stopGracePeriod() == null
                ? STOP_GRACE_PERIOD
                : container.stopGracePeriod();
    }

    /** vip or dnsrr. */
    public static String endpointMode(ServiceSpec spec) {
        EndpointSpec e = spec == null ? null : spec.endpointSpec();
        return e == null || e.mode() == null || e.mode().isEmpty() ? ENDPOINT_MODE : e.mode();
    }

    /** ingress or host; a port without a publish mode is published through the routing mesh. */
    public static String publishMode(dev.skep.api.model.PortConfig port) {
        return port.publishMode() == null || port.publishMode().isEmpty() ? "ingress" : port.publishMode();
    }

    /** tcp, udp or sctp; tcp when absent. */
    public static String protocol(dev.skep.api.model.PortConfig port) {
        return port.protocol() == null || port.protocol().isEmpty() ? "tcp" : port.protocol();
    }
}
