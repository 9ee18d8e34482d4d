package dev.skep.agent;

import dev.skep.api.json.Json;
import dev.skep.api.model.ContainerSpec;
import dev.skep.api.model.Ids;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskSpec;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import java.time.Instant;
import java.util.Map;

/** Tasks as the dispatcher hands them out: assigned to a node, with a spec read from Engine API JSON. */
public final class TestTasks {
    private TestTasks() {}

    public static Task task(String nodeId, String serviceName, long slot, String taskTemplateJson, TaskState desired) {
        TaskSpec spec = Json.read(taskTemplateJson, TaskSpec.class);
        String id = Ids.newId();
        return new Task(
                id,
                null,
                Instant.EPOCH,
                Instant.EPOCH,
                null,
                Map.of("com.docker.swarm.service.name", serviceName),
                spec,
                null,
                "svc-" + serviceName,
                slot,
                nodeId,
                TaskStatus.of(Instant.EPOCH, TaskState.ASSIGNED, "scheduler assigned task to node"),
                desired,
                null,
                null);
    }

    public static Task image(String nodeId, String image, TaskState desired) {
        return task(nodeId, "web", 1, "{\"ContainerSpec\":{\"Image\":\"" + image + "\"}}", desired);
    }

    public static ContainerSpec container(String json) {
        return Json.read(json, ContainerSpec.class);
    }
}
