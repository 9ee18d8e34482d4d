package dev.skep.daemon.http;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The body of {@code service logs} / {@code task logs}: each line optionally prefixed by its details
 * ({@code com.docker.swarm.node.id=…,com.docker.swarm.service.id=…,com.docker.swarm.task.id=…}, keys sorted,
 * values query-escaped, after the timestamp when there is one), and framed the stdcopy way unless the
 * task has a TTY: {@code [stream, 0, 0, 0, length as 4 bytes big-endian]} then the payload.
 */
final class LogFrames {
    /** stdcopy's stream for the daemon's own errors; the docker CLI fails with its text. */
    static final int SYSTEM_ERR = 3;

    private LogFrames() {
    }

    /** Swarm's message when some tasks' logs could not be read. */
    static byte[] incomplete(java.util.List<String> problems) {
        return ("Error grabbing logs: warning: incomplete log stream. some logs could not be retrieved for the "
                + "following reasons: " + String.join(", ", problems) + "\n").getBytes(StandardCharsets.UTF_8);
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

    /** One stdcopy frame: stream 1 is stdout, 2 stderr, 3 the daemon's error. */
    static byte[] frame(int stream, byte[] payload) {
        byte[] f = new byte[8 + payload.length];
        f[0] = (byte) stream;
        int n = payload.length;
        f[4] = (byte) (n >>> 24);
        f[5] = (byte) (n >>> 16);
        f[6] = (byte) (n >>> 8);
        f[7] = (byte) n;
        System.arraycopy(payload, 0, f, 8, n);
        return f;
    }

    private static int indexOf(byte[] b, byte c) {
        for (int i = 0; i < b.length; i++) if (b[i] == c) return i;
        return -1;
    }

    private static String esc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
