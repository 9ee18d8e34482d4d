package dev.skep.cluster;

/** A cluster-port call that failed; the message is the manager's, or says why no manager answered. */
public class ClusterException extends RuntimeException {
    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
