package dev.skep.cli.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skep.cli.CliException;
import dev.skep.compose.ShellWords;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The flags {@code service create} and {@code service update} share. Each is applied only when given, so the
 * same code fills a new spec and edits an existing one; absent configs start from SwarmKit's defaults.
 */
public class ServiceFlags {
    @Option(
            names = {"-w", "--workdir"},
            description = "Working directory inside the container")
    String workdir;

    @Option(
            names = {"-u", "--user"},
            description = "Username or UID (format: <name|uid>[:<group|gid>])")
    String user;

    @Option(names = "--hostname", description = "Container hostname")
    String hostname;

    @Option(names = "--entrypoint", description = "Overwrite the default ENTRYPOINT of the image")
    String entrypoint;

    @Option(
            names = "--init",
            arity = "0..1",
            fallbackValue = "true",
            description = "Use an init inside each service container to forward signals and reap processes")
    Boolean init;

    @Option(names = "--limit-cpu", description = "Limit CPUs")
    String limitCpu;

    @Option(names = "--limit-memory", description = "Limit Memory")
    String limitMemory;

    @Option(names = "--limit-pids", description = "Limit maximum number of processes (default 0 = unlimited)")
    String limitPids;

    @Option(names = "--reserve-cpu", description = "Reserve CPUs")
    String reserveCpu;

    @Option(names = "--reserve-memory", description = "Reserve Memory")
    String reserveMemory;

    @Option(
            names = "--restart-condition",
            description = "Restart when condition is met (\"none\", \"on-failure\", \"any\")")
    String restartCondition;

    @Option(names = "--restart-delay", description = "Delay between restart attempts (ns|us|ms|s|m|h)")
    String restartDelay;

    @Option(names = "--restart-max-attempts", description = "Maximum number of restarts before giving up")
    String restartMaxAttempts;

    @Option(names = "--restart-window", description = "Window used to evaluate the restart policy (ns|us|ms|s|m|h)")
    String restartWindow;

    @Option(
            names = "--update-parallelism",
            description = "Maximum number of tasks updated simultaneously (0 to update all at once)")
    String updateParallelism;

    @Option(names = "--update-delay", description = "Delay between updates (ns|us|ms|s|m|h)")
    String updateDelay;

    @Option(
            names = "--update-failure-action",
            description = "Action on update failure (\"pause\", \"continue\", \"rollback\")")
    String updateFailureAction;

    @Option(
            names = "--update-monitor",
            description = "Duration after each task update to monitor for failure (ns|us|ms|s|m|h)")
    String updateMonitor;

    @Option(names = "--update-max-failure-ratio", description = "Failure rate to tolerate during an update")
    String updateMaxFailureRatio;

    @Option(names = "--update-order", description = "Update order (\"start-first\", \"stop-first\")")
    String updateOrder;

    @Option(
            names = "--rollback-parallelism",
            description = "Maximum number of tasks rolled back simultaneously (0 to roll back all at once)")
    String rollbackParallelism;

    @Option(names = "--rollback-delay", description = "Delay between task rollbacks (ns|us|ms|s|m|h)")
    String rollbackDelay;

    @Option(names = "--rollback-failure-action", description = "Action on rollback failure (\"pause\", \"continue\")")
    String rollbackFailureAction;

    @Option(
            names = "--rollback-monitor",
            description = "Duration after each task rollback to monitor for failure (ns|us|ms|s|m|h)")
    String rollbackMonitor;

    @Option(names = "--rollback-max-failure-ratio", description = "Failure rate to tolerate during a rollback")
    String rollbackMaxFailureRatio;

    @Option(names = "--rollback-order", description = "Rollback order (\"start-first\", \"stop-first\")")
    String rollbackOrder;

    @Option(
            names = "--stop-grace-period",
            description = "Time to wait before force killing a container (ns|us|ms|s|m|h)")
    String stopGracePeriod;

    @Option(names = "--stop-signal", description = "Signal to stop the container")
    String stopSignal;

    @Option(names = "--health-cmd", description = "Command to run to check health")
    String healthCmd;

    @Option(names = "--health-interval", description = "Time between running the check (ms|s|m|h)")
    String healthInterval;

    @Option(names = "--health-retries", description = "Consecutive failures needed to report unhealthy")
    String healthRetries;

    @Option(names = "--health-timeout", description = "Maximum time to allow one check to run (ms|s|m|h)")
    String healthTimeout;

    @Option(
            names = "--health-start-period",
            description =
                    "Start period for the container to initialize before counting retries towards unstable (ms|s|m|h)")
    String healthStartPeriod;

    @Option(
            names = "--no-healthcheck",
            arity = "0..1",
            fallbackValue = "true",
            description = "Disable any container-specified HEALTHCHECK")
    Boolean noHealthcheck;

    @Option(
            names = {"-t", "--tty"},
            arity = "0..1",
            fallbackValue = "true",
            description = "Allocate a pseudo-TTY")
    Boolean tty;

    @Option(
            names = "--read-only",
            arity = "0..1",
            fallbackValue = "true",
            description = "Mount the container's root filesystem as read only")
    Boolean readOnly;

    @Option(names = "--endpoint-mode", description = "Endpoint mode (vip or dnsrr)")
    String endpointMode;

    @Option(names = "--replicas", description = "Number of tasks")
    String replicas;

    @Option(names = "--replicas-max-per-node", description = "Maximum number of tasks per node (default 0 = unlimited)")
    String maxReplicas;

    @Option(
            names = {"-d", "--detach"},
            arity = "0..1",
            fallbackValue = "true",
            description = "Exit immediately instead of waiting for the service to converge")
    boolean detach;

    @Option(
            names = {"-q", "--quiet"},
            description = "Suppress progress output")
    boolean quiet;

    @Option(
            names = "--with-registry-auth",
            arity = "0..1",
            fallbackValue = "true",
            description = "Accepted for compatibility; skep sends no registry credentials")
    boolean withRegistryAuth;

    @Option(
            names = "--no-resolve-image",
            arity = "0..1",
            fallbackValue = "true",
            description = "Accepted for compatibility; skep never queries a registry")
    boolean noResolveImage;

    @Option(
            names = "--timeout",
            description = "Stop waiting for convergence after this long (e.g. 2m); 0 waits forever, as docker does")
    String timeout;

    public boolean detach() {
        return detach;
    }

    public boolean quiet() {
        return quiet;
    }

    /** How long progress may wait, in nanoseconds; 0 means without limit. */
    public long timeoutNanos() {
        return timeout == null ? 0 : FlagValues.duration("--timeout", timeout);
    }

    public void applyTo(ObjectNode spec) {
        ObjectNode task = Tree.obj(spec, "TaskTemplate");
        ObjectNode container = Tree.obj(task, "ContainerSpec");
        if (workdir != null) Tree.put(container, "Dir", workdir);
        if (user != null) Tree.put(container, "User", user);
        if (hostname != null) Tree.put(container, "Hostname", hostname);
        if (entrypoint != null) Tree.set(container, "Command", Tree.strings(ServiceFlags.words(entrypoint)));
        if (init != null) Tree.put(container, "Init", init);
        if (stopGracePeriod != null) {
            Tree.put(container, "StopGracePeriod", FlagValues.duration("--stop-grace-period", stopGracePeriod));
        }
        if (stopSignal != null) Tree.put(container, "StopSignal", stopSignal);
        if (tty != null) Tree.put(container, "TTY", tty);
        if (readOnly != null) Tree.put(container, "ReadOnly", readOnly);
        applyHealthcheck(container);
        applyResources(task);
        applyRestartPolicy(task);
        applyUpdateConfig(
                Tree.obj(spec, "UpdateConfig"),
                "update",
                Defaults.UPDATE_FAILURE_ACTION,
                updateParallelism,
                updateDelay,
                updateFailureAction,
                updateMonitor,
                updateMaxFailureRatio,
                updateOrder);
        applyUpdateConfig(
                Tree.obj(spec, "RollbackConfig"),
                "rollback",
                Defaults.ROLLBACK_FAILURE_ACTION,
                rollbackParallelism,
                rollbackDelay,
                rollbackFailureAction,
                rollbackMonitor,
                rollbackMaxFailureRatio,
                rollbackOrder);
        dropIfEmpty(spec, "UpdateConfig");
        dropIfEmpty(spec, "RollbackConfig");
        if (endpointMode != null)
            Tree.put(Tree.obj(spec, "EndpointSpec"), "Mode", endpointMode.toLowerCase(java.util.Locale.ROOT));
        if (maxReplicas != null) {
            Tree.put(
                    Tree.obj(task, "Placement"),
                    "MaxReplicas",
                    FlagValues.uint("--replicas-max-per-node", maxReplicas));
        }
    }

    private void applyHealthcheck(ObjectNode container) {
        boolean anyHealth = healthCmd != null
                || healthInterval != null
                || healthRetries != null
                || healthTimeout != null
                || healthStartPeriod != null;
        if (Boolean.TRUE.equals(noHealthcheck)) {
            if (anyHealth) throw new CliException("--no-healthcheck conflicts with --health-* options");
            ObjectNode none = Tree.F.objectNode();
            none.set("Test", Tree.strings(List.of("NONE")));
            Tree.set(container, "Healthcheck", none);
            return;
        }
        if (!anyHealth) return;
        ObjectNode health = Tree.obj(container, "Healthcheck");
        List<String> test = Tree.stringList(health, "Test");
        if (!test.isEmpty() && test.get(0).equals("NONE")) Tree.set(health, "Test", null);
        if (healthInterval != null)
            Tree.put(health, "Interval", FlagValues.duration("--health-interval", healthInterval));
        if (healthTimeout != null) Tree.put(health, "Timeout", FlagValues.duration("--health-timeout", healthTimeout));
        if (healthStartPeriod != null) {
            Tree.put(health, "StartPeriod", FlagValues.duration("--health-start-period", healthStartPeriod));
        }
        if (healthRetries != null) Tree.put(health, "Retries", FlagValues.uint("--health-retries", healthRetries));
        if (healthCmd != null) {
            Tree.set(health, "Test", healthCmd.isEmpty() ? null : Tree.strings(List.of("CMD-SHELL", healthCmd)));
        }
    }

    private void applyResources(ObjectNode task) {
        if (limitCpu != null || limitMemory != null || limitPids != null) {
            ObjectNode limits = Tree.obj(Tree.obj(task, "Resources"), "Limits");
            if (limitCpu != null) Tree.put(limits, "NanoCPUs", FlagValues.cpus("--limit-cpu", limitCpu));
            if (limitMemory != null) Tree.put(limits, "MemoryBytes", FlagValues.memory("--limit-memory", limitMemory));
            if (limitPids != null) Tree.put(limits, "Pids", FlagValues.uint("--limit-pids", limitPids));
        }
        if (reserveCpu != null || reserveMemory != null) {
            ObjectNode reservations = Tree.obj(Tree.obj(task, "Resources"), "Reservations");
            if (reserveCpu != null) Tree.put(reservations, "NanoCPUs", FlagValues.cpus("--reserve-cpu", reserveCpu));
            if (reserveMemory != null) {
                Tree.put(reservations, "MemoryBytes", FlagValues.memory("--reserve-memory", reserveMemory));
            }
        }
    }

    private void applyRestartPolicy(ObjectNode task) {
        if (restartCondition == null && restartDelay == null && restartMaxAttempts == null && restartWindow == null) {
            return;
        }
        boolean fresh = Tree.get(task, "RestartPolicy") == null;
        ObjectNode policy = Tree.obj(task, "RestartPolicy");
        if (fresh) {
            Tree.put(policy, "Condition", Defaults.RESTART_CONDITION);
            Tree.put(policy, "Delay", Defaults.RESTART_DELAY);
            Tree.put(policy, "MaxAttempts", 0);
        }
        if (restartCondition != null) {
            if (!List.of("none", "on-failure", "any").contains(restartCondition)) {
                throw FlagValues.invalid(
                        "--restart-condition", restartCondition, "must be one of \"none\", \"on-failure\", \"any\"");
            }
            Tree.put(policy, "Condition", restartCondition);
        }
        if (restartDelay != null) Tree.put(policy, "Delay", FlagValues.duration("--restart-delay", restartDelay));
        if (restartMaxAttempts != null) {
            Tree.put(policy, "MaxAttempts", FlagValues.uint("--restart-max-attempts", restartMaxAttempts));
        }
        if (restartWindow != null) Tree.put(policy, "Window", FlagValues.duration("--restart-window", restartWindow));
    }

    private static void applyUpdateConfig(
            ObjectNode config,
            String prefix,
            String defaultFailureAction,
            String parallelism,
            String delay,
            String failureAction,
            String monitor,
            String maxFailureRatio,
            String order) {
        if (parallelism == null
                && delay == null
                && failureAction == null
                && monitor == null
                && maxFailureRatio == null
                && order == null) {
            return;
        }
        if (config.isEmpty()) {
            Tree.put(config, "Parallelism", 1);
            Tree.put(config, "FailureAction", defaultFailureAction);
            Tree.put(config, "Monitor", Defaults.MONITOR);
            Tree.set(config, "MaxFailureRatio", Tree.F.numberNode(0.0));
            Tree.put(config, "Order", "stop-first");
        }
        if (parallelism != null)
            Tree.put(config, "Parallelism", FlagValues.uint("--" + prefix + "-parallelism", parallelism));
        if (delay != null) Tree.put(config, "Delay", FlagValues.duration("--" + prefix + "-delay", delay));
        if (failureAction != null) Tree.put(config, "FailureAction", failureAction);
        if (monitor != null) Tree.put(config, "Monitor", FlagValues.duration("--" + prefix + "-monitor", monitor));
        if (maxFailureRatio != null) {
            Tree.set(
                    config,
                    "MaxFailureRatio",
                    Tree.F.numberNode(FlagValues.ratio("--" + prefix + "-max-failure-ratio", maxFailureRatio)));
        }
        if (order != null) {
            if (!order.equals("start-first") && !order.equals("stop-first")) {
                throw FlagValues.invalid("--" + prefix + "-order", order, "must be \"start-first\" or \"stop-first\"");
            }
            Tree.put(config, "Order", order);
        }
    }

    private static void dropIfEmpty(ObjectNode spec, String name) {
        if (Tree.get(spec, name) instanceof ObjectNode o && o.isEmpty()) Tree.set(spec, name, null);
    }

    static ArrayNode array(ObjectNode node, String name) {
        if (Tree.get(node, name) instanceof ArrayNode a) return a;
        ArrayNode a = Tree.F.arrayNode();
        Tree.set(node, name, a);
        return a;
    }

    /** A flag's value split into words as a POSIX shell would ({@code --entrypoint}, {@code --args}). */
    static List<String> words(String value) {
        try {
            return ShellWords.split(value);
        } catch (IllegalArgumentException e) {
            throw new CliException("EOF found when expecting closing quote");
        }
    }
}
