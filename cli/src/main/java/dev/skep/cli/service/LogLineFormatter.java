package dev.skep.cli.service;

import dev.skep.api.model.Task;
import dev.skep.cli.CliException;
import dev.skep.cli.format.Text;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns one log message of {@code GET /services/{id}/logs?details=true} into docker's line
 * {@code web.1.abcdef123456@node1    | text}: the message starts with [timestamp ]details, the details naming
 * the node, service and task.
 */
public class LogLineFormatter {
    private final boolean timestamps;
    private final boolean noTaskIds;
    private final boolean noTrunc;
    private final boolean details;
    private final int padding;
    private final IdResolver resolver;
    private final Function<String, Task> tasks;
    private final Map<String, String> prefixes = new HashMap<>();

    public LogLineFormatter(
            boolean timestamps,
            boolean noTaskIds,
            boolean noTrunc,
            boolean details,
            int padding,
            IdResolver resolver,
            Function<String, Task> tasks) {
        this.timestamps = timestamps;
        this.noTaskIds = noTaskIds;
        this.noTrunc = noTrunc;
        this.details = details;
        this.padding = padding;
        this.resolver = resolver;
        this.tasks = tasks;
    }

    public String format(String message) {
        int parts = timestamps ? 3 : 2;
        String[] split = message.split(" ", parts);
        if (split.length != parts) throw new CliException("invalid context in log message: " + message);
        int detailsIndex = timestamps ? 1 : 0;
        Map<String, String> d = parseDetails(split[detailsIndex]);
        String nodeId = required(d, "com.docker.swarm.node.id");
        String serviceId = required(d, "com.docker.swarm.service.id");
        String taskId = required(d, "com.docker.swarm.task.id");
        StringBuilder sb = new StringBuilder();
        if (timestamps) sb.append(split[0]).append(' ');
        sb.append(prefixes.computeIfAbsent(
                nodeId + "/" + serviceId + "/" + taskId, k -> prefix(nodeId, serviceId, taskId)));
        sb.append("    | ");
        if (details) {
            List<String> rest = new ArrayList<>();
            d.forEach((k, v) -> rest.add(k + "=" + v));
            rest.sort(null);
            sb.append(String.join(",", rest)).append(' ');
        }
        sb.append(split[detailsIndex + 1]);
        return sb.toString();
    }

    private String prefix(String nodeId, String serviceId, String taskId) {
        String node = resolver.node(nodeId);
        String service = resolver.service(serviceId);
        Task task = tasks.apply(taskId);
        long slot = task == null ? 0 : task.slotNumber();
        String id = task == null ? taskId : task.id();
        String name = service + "." + slot;
        if (!noTaskIds) name += "." + (noTrunc ? id : Text.truncateId(id));
        int pad = padding - Long.toString(slot).length();
        return name + "@" + node + (pad > 0 ? " ".repeat(pad) : "");
    }

    private static String required(Map<String, String> details, String key) {
        String v = details.remove(key);
        if (v == null)
            throw new CliException("missing "
                    + key.replace("com.docker.swarm.", "").replace(".id", " id") + " in details: " + details);
        return v;
    }

    /** "k=v,k2=v2" with URL-escaped values, as the daemon writes log details. */
    static Map<String, String> parseDetails(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text.isEmpty()) return out;
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq < 0) throw new CliException("invalid details format");
            out.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
