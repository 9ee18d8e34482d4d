package dev.skep.store;

/** A transaction lost a race: an object changed since it was read, or a unique name is taken. */
public class ConflictException extends RuntimeException {
    private final boolean nameConflict;

    public ConflictException(String message, boolean nameConflict) {
        super(message);
        this.nameConflict = nameConflict;
    }

    public boolean isNameConflict() {
        return nameConflict;
    }
}
