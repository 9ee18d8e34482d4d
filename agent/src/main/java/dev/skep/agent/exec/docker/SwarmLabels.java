package dev.skep.agent.exec.docker;

import dev.skep.api.model.Task;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names and labels Docker Swarm gives a task's container, so that {@code docker ps} and tools built for Swarm
 * see Skep's containers the same way.
 */
public final class SwarmLabels {
    public static final String SERVICE_ID = "com.docker.swarm.service.id";
    public static final String SERVICE_NAME = "com.docker.swarm.service.name";
    public static final String TASK_ID = "com.docker.swarm.task.id";
    public static final String TASK_NAME = "com.docker.swarm.task.name";
    public static final String NODE_ID = "com.docker.swarm.node.id";

    private SwarmLabels() {}

    /**
     * The task's name as SwarmKit's {@code naming.Task}: {@code <service-name>.<slot>.<task-id>}, with the node ID
     * instead of the slot for global tasks; a task whose own name is already of that form keeps it.
     */
    public static String taskName(Task task) {
        if (isFullName(task)) return task.name();
        String slot = task.slotNumber() != 0 ? Long.toString(task.slotNumber()) : task.nodeID();
        return serviceName(task) + "." + slot + "." + task.id();
    }

    /**
     * The service's name: the service-name label when the task carries it; else taken from the task's name,
     * which is either the full task name ({@code <service>.<slot>.<id>}) or the service name itself; else the
     * service ID.
     */
    public static String serviceName(Task task) {
        Map<String, String> labels = task.labels();
        if (labels != null && labels.get(SERVICE_NAME) != null) return labels.get(SERVICE_NAME);
        String name = task.name();
        if (isFullName(task)) {
            String rest = name.substring(0, name.length() - task.id().length() - 1);
            int dot = rest.lastIndexOf('.');
            if (dot > 0) return rest.substring(0, dot);
        } else if (name != null && !name.isEmpty()) {
            return name;
        }
        return task.serviceID();
    }

    private static boolean isFullName(Task task) {
        return task.name() != null && task.name().endsWith("." + task.id());
    }

    /** The container's labels: the ContainerSpec labels, then Swarm's own, which win. */
    public static Map<String, String> containerLabels(Task task) {
        Map<String, String> labels = new LinkedHashMap<>();
        var spec = task.spec().containerSpec();
        if (spec.labels() != null) labels.putAll(spec.labels());
        labels.put(SERVICE_ID, nullToEmpty(task.serviceID()));
        labels.put(SERVICE_NAME, nullToEmpty(serviceName(task)));
        labels.put(TASK_ID, task.id());
        labels.put(TASK_NAME, taskName(task));
        labels.put(NODE_ID, nullToEmpty(task.nodeID()));
        return labels;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
