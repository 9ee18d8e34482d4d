package dev.skep.daemon.http;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The body of {@code service logs} / {@code task logs}: each line optionally prefixed by its details
 * ({@code com.docker.swarm.node.id=…,com.docker.swarm.service.id=…,com.docker.swarm.task.id=…}, keys sorted,
 * values query-escaped, after the timestamp when there is one), and framed by {@link dev.skep.api.stdcopy.StdCopy}
 * unless the task has a TTY.
 */
final class LogFrames {
    private LogFrames() {}

    /** Swarm's message when some tasks' logs could not be read. */
    static byte[] incomplete(java.util.List<String> problems) {
        return ("Error grabbing logs: warning: incomplete log stream. some logs could not be retrieved for the "
                        + "following reasons: " + String.join(", ", problems) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    static String details(String nodeId, String serviceId, String taskId) {
        return "com.docker.swarm.node.id=" + esc(nodeId)
                + ",com.docker.swarm.service.id=" + esc(serviceId)
                + ",com.docker.swarm.task.id=" + esc(taskId);
    }

    /** The payload of one line: [timestamp ]details line, ending in a newline. */
    static byte[] payload(byte[] line, String details, boolean timestamps) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(line.length + 128);
        int start = 0;
        if (timestamps) {
            int space = indexOf(line, (byte) ' ');
            if (space >= 0) {
                out.write(line, 0, space + 1);
                start = space + 1;
            }
        }
        if (details != null) {
            out.writeBytes(details.getBytes(StandardCharsets.UTF_8));
            out.write(' ');
        }
        out.write(line, start, line.length - start);
        if (line.length == 0 || line[line.length - 1] != '\n') out.write('\n');
        return out.toByteArray();
    }

    private static int indexOf(byte[] b, byte c) {
        for (int i = 0; i < b.length; i++) if (b[i] == c) return i;
        return -1;
    }

    private static String esc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
