package dev.skep.it.ha;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Raw Engine API requests over a skepd's unix socket, in this JVM: cheap enough for hundreds of concurrent
 * writes, and bounded by a timeout (the channel is closed under a blocked read), so a request to a manager
 * that lost quorum fails instead of hanging the test.
 */
public final class UnixHttp {
    private static final ScheduledExecutorService TIMEOUTS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "unix-http-timeouts");
        t.setDaemon(true);
        return t;
    });

    /** What the daemon answered; status 0 means no answer (refused, reset or timed out), with the reason in body. */
    public record Response(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private UnixHttp() {}

    public static Response get(Path socket, String path, Duration timeout) {
        return request(socket, "GET", path, null, timeout);
    }

    public static Response post(Path socket, String path, String json, Duration timeout) {
        return request(socket, "POST", path, json, timeout);
    }

    public static Response request(Path socket, String method, String path, String json, Duration timeout) {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        String head = method + " /v1.45" + path + " HTTP/1.1\r\nHost: skep\r\nConnection: close\r\n"
                + (json == null ? "" : "Content-Type: application/json\r\n")
                + "Content-Length: " + body.length + "\r\n\r\n";
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ScheduledFuture<?> deadline =
                    TIMEOUTS.schedule(() -> closeQuietly(channel), timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                channel.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
                channel.write(ByteBuffer.wrap(body));
                return parse(readAll(channel));
            } finally {
                deadline.cancel(false);
            }
        } catch (IOException e) {
            return new Response(0, e.toString());
        }
    }

    private static byte[] readAll(SocketChannel channel) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        while (channel.read(buffer) >= 0) {
            buffer.flip();
            out.write(buffer.array(), 0, buffer.limit());
            buffer.clear();
        }
        return out.toByteArray();
    }

    private static Response parse(byte[] raw) throws IOException {
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || end < 0) {
            throw new IOException("not an HTTP response: " + text);
        }
        int status = Integer.parseInt(text.substring(9, 12));
        String headers = text.substring(0, end).toLowerCase();
        String body = text.substring(end + 4);
        return new Response(status, headers.contains("transfer-encoding: chunked") ? unchunk(body) : body);
    }

    private static String unchunk(String body) {
        StringBuilder out = new StringBuilder();
        int pos = 0;
        while (pos < body.length()) {
            int eol = body.indexOf("\r\n", pos);
            int size = Integer.parseInt(body.substring(pos, eol).strip(), 16);
            if (size == 0) {
                break;
            }
            // chunk sizes count bytes; bodies here are ASCII JSON, where bytes and chars agree
            out.append(body, eol + 2, eol + 2 + size);
            pos = eol + 2 + size + 2;
        }
        return out.toString();
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
