package dev.skep.api.stdcopy;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The Engine API's multiplexed log stream, as moby's {@code pkg/stdcopy} writes and reads it: frames of an
 * 8-byte header (stream type, three zero bytes, big-endian payload length) and the payload. Stream 1 is
 * stdout, 2 stderr, 3 an error from the daemon. The daemon's log routes write it, the CLI reads it.
 */
public final class StdCopy {
    public static final int STDIN = 0;
    public static final int STDOUT = 1;
    public static final int STDERR = 2;
    public static final int SYSTEM_ERR = 3;

    /** Receives each frame's payload. */
    public interface FrameSink {
        void frame(int stream, byte[] payload) throws IOException;
    }

    private StdCopy() {}

    /** Reads frames until the stream ends; a system-error frame ends it with an IOException carrying its text. */
    public static void demultiplex(InputStream in, FrameSink sink) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] header = new byte[8];
        while (true) {
            int first = data.read();
            if (first < 0) return;
            header[0] = (byte) first;
            try {
                data.readFully(header, 1, 7);
            } catch (EOFException e) {
                throw new IOException("unexpected EOF in log stream header", e);
            }
            int stream = header[0] & 0xff;
            long size = ((header[4] & 0xffL) << 24)
                    | ((header[5] & 0xffL) << 16)
                    | ((header[6] & 0xffL) << 8)
                    | (header[7] & 0xffL);
            byte[] payload = new byte[(int) size];
            data.readFully(payload);
            switch (stream) {
                case STDIN, STDOUT, STDERR -> sink.frame(stream, payload);
                case SYSTEM_ERR ->
                    throw new IOException(
                            "error from daemon in stream: " + new String(payload, StandardCharsets.UTF_8));
                default -> throw new IOException("Unrecognized input header: " + stream);
            }
        }
    }

    /** One frame: the header for the payload's stream and length, then the payload. */
    public static byte[] frame(int stream, byte[] payload) {
        byte[] out = new byte[8 + payload.length];
        out[0] = (byte) stream;
        out[4] = (byte) (payload.length >>> 24);
        out[5] = (byte) (payload.length >>> 16);
        out[6] = (byte) (payload.length >>> 8);
        out[7] = (byte) payload.length;
        System.arraycopy(payload, 0, out, 8, payload.length);
        return out;
    }
}
