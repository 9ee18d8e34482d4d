package dev.skep.store;

/** The outcome of applying a proposal at a log index: committed, or rejected with the reason. */
public record ApplyResult(long index, String conflict, int skipped) {
    public boolean ok() {
        return conflict == null;
    }
}
