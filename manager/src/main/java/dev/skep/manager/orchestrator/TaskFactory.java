package dev.skep.manager.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skep.api.json.Json;
import dev.skep.api.model.Cluster;
import dev.skep.api.model.EndpointSpec;
import dev.skep.api.model.Ids;
import dev.skep.api.model.Node;
import dev.skep.api.model.PortConfig;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskSpec;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How the orchestrators make tasks and judge them (SwarmKit's {@code orchestrator/task.go}).
 *
 * <p>A replicated task is born with its slot number and no node (the scheduler picks one); a global task
 * is born bound to its node with no slot — on the wire Swarm omits Slot for global tasks, and
 * {@link Task#slotNumber()} reads it as 0. Both start in NEW with desired state RUNNING.
 */
public final class TaskFactory {
    private TaskFactory() {}

    /** A new task of {@code service} for replicated {@code slot} (≥ 1). */
    public static Task forSlot(Cluster cluster, Service service, long slot, Instant now) {
        return newTask(service, slot, null, now);
    }

    /** A new task of a global {@code service}, bound to {@code nodeId} from the start. */
    public static Task forNode(Cluster cluster, Service service, String nodeId, Instant now) {
        return newTask(service, null, nodeId, now);
    }

    /**
     * A replacement for {@code old}: same slot for a replicated task, same node for a global one. The
     * cluster is taken for symmetry with SwarmKit (cluster-wide task defaults); none apply yet.
     */
    public static Task replacing(Cluster cluster, Service service, Task old, Instant now) {
        return old.slotNumber() > 0
                ? forSlot(cluster, service, old.slotNumber(), now)
                : forNode(cluster, service, old.nodeID(), now);
    }

    /**
     * Tasks carry their full name, {@code <service>.<slot>.<task-id>} (node ID instead of the slot for global
     * tasks), because the agent names containers after it and knows nothing else of the service.
     */
    private static Task newTask(Service service, Long slot, String nodeId, Instant now) {
        String id = Ids.newId();
        String name = service.spec().name() + "." + (slot != null && slot > 0 ? slot.toString() : nodeId) + "." + id;
        return new Task(
                id,
                null,
                null,
                null,
                name,
                null,
                service.spec().taskTemplate(),
                service.version(),
                service.id(),
                slot,
                nodeId,
                TaskStatus.of(now, TaskState.NEW, "created"),
                TaskState.RUNNING,
                null,
                null);
    }

    /**
     * Whether the task was made from another spec than the service's current TaskTemplate (ForceUpdate
     * included), compared as JSON trees so that absent and null fields agree, or has other host-mode port
     * bindings than the service now publishes.
     */
    public static boolean isTaskDirty(Service service, Task task) {
        return !sameSpec(service.spec().taskTemplate(), task.spec()) || hostPortBindingsChanged(service, task);
    }

    /**
     * A task on no network has its host-mode ports bound into its container, so other ports need a new task,
     * as in Swarm (which compares the whole endpoint spec); on an overlay network they are nftables rules that
     * follow the service live, so its tasks stay.
     */
    static boolean hostPortBindingsChanged(Service service, Task task) {
        if (task.endpoint() == null) return false;
        if (task.networksAttachments() != null && !task.networksAttachments().isEmpty()) return false;
        return !hostModePorts(service.spec().endpointSpec())
                .equals(hostModePorts(task.endpoint().spec()));
    }

    /** The host-mode ports of an endpoint spec as protocol/target/published, defaults filled in. */
    private static Set<String> hostModePorts(EndpointSpec spec) {
        Set<String> out = new HashSet<>();
        if (spec == null || spec.ports() == null) return out;
        for (PortConfig p : spec.ports()) {
            if (!"host".equalsIgnoreCase(p.publishMode())) continue;
            String protocol = p.protocol() == null || p.protocol().isEmpty()
                    ? "tcp"
                    : p.protocol().toLowerCase(Locale.ROOT);
            out.add(protocol + "/" + p.targetPort() + "/" + (p.publishedPort() == null ? 0 : p.publishedPort()));
        }
        return out;
    }

    /** Two task specs are the same when their JSON trees are (absent and null fields agree). */
    public static boolean sameSpec(TaskSpec a, TaskSpec b) {
        return specTree(a).equals(specTree(b));
    }

    /**
     * Like {@link #isTaskDirty(Service, Task)}, except that a change of placement alone leaves a task
     * clean while its node still satisfies the new placement (SwarmKit does not move such tasks).
     */
    public static boolean isTaskDirty(Service service, Task task, Node node, NodeEligibility eligibility) {
        if (!isTaskDirty(service, task)) return false;
        TaskSpec wanted = service.spec().taskTemplate();
        if (wanted == null || task.spec() == null || node == null) return true;
        boolean placementOnly = !Objects.equals(
                        specTree(wanted.placement()), specTree(task.spec().placement()))
                && specTree(withPlacement(wanted, task.spec())).equals(specTree(task.spec()));
        return !(placementOnly && eligibility.meetsConstraints(service, node));
    }

    private static TaskSpec withPlacement(TaskSpec spec, TaskSpec placementFrom) {
        return new TaskSpec(
                spec.pluginSpec(),
                spec.containerSpec(),
                spec.networkAttachmentSpec(),
                spec.resources(),
                spec.restartPolicy(),
                placementFrom.placement(),
                spec.forceUpdate(),
                spec.runtime(),
                spec.networks(),
                spec.logDriver());
    }

    private static JsonNode specTree(Object spec) {
        return spec == null ? Json.MAPPER.nullNode() : Json.MAPPER.valueToTree(spec);
    }

    /** The orchestrator still wants the task to run (desired state at most RUNNING). */
    public static boolean isRunnable(Task task) {
        return !task.desiredState().isAfter(TaskState.RUNNING);
    }

    /** The task has stopped for good: observed state past RUNNING. */
    public static boolean hasStopped(Task task) {
        return task.state().isAfter(TaskState.RUNNING);
    }

    /** The task was told to stop before it reached a node, so it will never run. */
    public static boolean willNeverRun(Task task) {
        return task.state().compareTo(TaskState.ASSIGNED) < 0 && !isRunnable(task);
    }

    /** The task's observed state is RUNNING. */
    public static boolean isRunning(Task task) {
        return task.state() == TaskState.RUNNING;
    }
}
