package dev.skep.compose;

/** A compose file that cannot become a stack; the message names the file, the line and the key. */
public class ComposeException extends RuntimeException {
    public ComposeException(String message) {
        super(message);
    }

    public ComposeException(String message, Throwable cause) {
        super(message, cause);
    }
}
