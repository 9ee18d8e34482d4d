package dev.skep.store;

/** A write could not be committed: no leader, no quorum, or the commit timed out. */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
