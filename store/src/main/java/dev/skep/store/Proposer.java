package dev.skep.store;

import java.util.concurrent.CompletableFuture;

/**
 * Replicates a serialized proposal and completes once it is committed and applied to the local store.
 * {@link dev.skep.store.raft.RaftProposer} goes through Ratis; {@link LocalProposer} applies directly.
 */
public interface Proposer {
    CompletableFuture<ApplyResult> propose(byte[] proposal);

    /**
     * Waits until this member's store reflects every write acknowledged anywhere before the call (a Raft
     * read index on a follower); a no-op where the local store is always current.
     */
    default void readBarrier() {}

    /** True when this member may propose (it is the Raft leader). */
    default boolean isLeader() {
        return true;
    }
}
