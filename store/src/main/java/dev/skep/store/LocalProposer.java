package dev.skep.store;

import java.util.concurrent.CompletableFuture;

/** Applies proposals to the store directly, numbering them like a log: for unit tests and the in-JVM kit. */
public final class LocalProposer implements Proposer {
    private final MemoryStore store;

    public LocalProposer(MemoryStore store) {
        this.store = store;
    }

    @Override
    public synchronized CompletableFuture<ApplyResult> propose(byte[] proposal) {
        // Number from the store's own index, which a restored snapshot may have moved past earlier proposals.
        return CompletableFuture.completedFuture(store.apply(store.index() + 1, proposal));
    }
}
