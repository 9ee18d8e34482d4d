package dev.skep.manager.allocator;

/** An allocation that cannot be made now: the object stays as it is and is tried again on the next change. */
final class AllocationException extends RuntimeException {
    AllocationException(String message) {
        super(message, null, false, false);
    }
}
