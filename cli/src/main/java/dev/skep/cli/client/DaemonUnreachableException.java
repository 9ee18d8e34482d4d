package dev.skep.cli.client;

/** The client could not open a connection to skepd at all (no socket, connection refused). */
public class DaemonUnreachableException extends RuntimeException {
    private final String host;

    public DaemonUnreachableException(String host, Throwable cause) {
        super("Cannot connect to the Skep daemon at " + host + ". Is skepd running?", cause);
        this.host = host;
    }

    public String host() {
        return host;
    }
}
