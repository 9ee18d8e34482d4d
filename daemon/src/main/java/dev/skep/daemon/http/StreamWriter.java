package dev.skep.daemon.http;

/** The open end of a streamed response. */
public interface StreamWriter {
    /** Sends bytes as one chunk; returns false once the client has gone away. */
    boolean write(byte[] bytes);

    /** True while the client is still connected. */
    boolean isOpen();

    /** Runs the action when the client disconnects (to stop followers blocked waiting for lines). */
    void onClose(Runnable action);
}
