package dev.skep.it;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** A container on the host's dockerd that a skepd created for a task, with its swarm labels. */
public record HostContainer(
        String id, String image, String state, String serviceName, String taskName, String taskId, String nodeId) {
    private static final String FORMAT = "{{.ID}}|{{.Image}}|{{.State}}"
            + "|{{.Label \"com.docker.swarm.service.name\"}}|{{.Label \"com.docker.swarm.task.name\"}}"
            + "|{{.Label \"com.docker.swarm.task.id\"}}|{{.Label \"com.docker.swarm.node.id\"}}";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The slot part of a task name {@code service.slot.taskid}. */
    public String slotName() {
        int last = taskName.lastIndexOf('.');
        return last < 0 ? taskName : taskName.substring(0, last);
    }

    /** Running containers of {@code service} made by the node {@code nodeId}. */
    static List<HostContainer> running(String nodeId, String service) {
        return query(false, nodeId, service);
    }

    /** All containers (any state) of {@code service} made by {@code nodeId}; {@code service} may be null. */
    static List<HostContainer> all(String nodeId, String service) {
        return query(true, nodeId, service);
    }

    private static List<HostContainer> query(boolean all, String nodeId, String service) {
        List<String> args = new ArrayList<>(List.of(
                "ps", "--no-trunc", "--format", FORMAT, "--filter", "label=com.docker.swarm.node.id=" + nodeId));
        if (service != null) {
            args.addAll(List.of("--filter", "label=com.docker.swarm.service.name=" + service));
        }
        if (all) {
            args.add("-a");
        }
        return DockerCli.hostDockerd().ok(args.toArray(String[]::new)).lines().stream()
                .map(HostContainer::parse)
                .toList();
    }

    private static HostContainer parse(String line) {
        String[] f = line.split("\\|", -1);
        return new HostContainer(f[0], f[1], f[2], f[3], f[4], f[5], f[6]);
    }

    /** The container's environment, KEY=VALUE entries. */
    List<String> env() {
        String out = DockerCli.hostDockerd()
                .ok("inspect", "--format", "{{json .Config.Env}}", id)
                .stdout()
                .strip();
        try {
            String[] env = JSON.readValue(out, String[].class);
            return env == null ? List.of() : List.of(env);
        } catch (JsonProcessingException e) {
            throw new AssertionError("unreadable env of " + id + ": " + out, e);
        }
    }

    String hostname() {
        return DockerCli.hostDockerd()
                .ok("inspect", "--format", "{{.Config.Hostname}}", id)
                .stdout()
                .strip();
    }
}
