package dev.skep.daemon.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A bare HTTP/1.1 client over a unix socket: one request per connection, body read to EOF. */
final class UnixHttp {
    record Reply(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final Path socket;

    UnixHttp(Path socket) {
        this.socket = socket;
    }

    Reply get(String path) throws IOException {
        return send("GET", path, null);
    }

    Reply send(String method, String path, String json) throws IOException {
        return send(method, path, json == null ? null : "application/json", json);
    }

    /** A request with the given Content-Type header (none if null) and body (none if null). */
    Reply send(String method, String path, String contentType, String text) throws IOException {
        return sendBytes(method, path, contentType, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON request whose body is {@code content} (none if null). */
    Reply sendBytes(String method, String path, byte[] content) throws IOException {
        return sendBytes(method, path, content == null ? null : "application/json", content);
    }

    Reply sendBytes(String method, String path, String contentType, byte[] content) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            byte[] body = content == null ? new byte[0] : content;
            String head = method + " " + path + " HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n"
                    + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                    + "Content-Length: " + body.length + "\r\n\r\n";
            ch.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer out = ByteBuffer.wrap(body);
            while (out.hasRemaining()) ch.write(out);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (ch.read(buf) > 0) {
                all.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            return parse(all.toByteArray());
        }
    }

    static Reply parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(c + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equals(headers.get("transfer-encoding"))) body = dechunk(body);
        return new Reply(status, headers, body);
    }

    private static byte[] dechunk(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < b.length) {
            int lineEnd = i;
            while (b[lineEnd] != '\r') lineEnd++;
            int size = Integer.parseInt(new String(b, i, lineEnd - i, StandardCharsets.US_ASCII).trim(), 16);
            if (size == 0) break;
            out.write(b, lineEnd + 2, size);
            i = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }
}
