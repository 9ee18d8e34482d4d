package dev.skep.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/** Applies proposals to the store directly, numbering them like a log: for unit tests and the in-JVM kit. */
public final class LocalProposer implements Proposer {
    private final MemoryStore store;
    private final AtomicLong index = new AtomicLong();

    public LocalProposer(MemoryStore store) {
        this.store = store;
    }

    @Override
    public synchronized CompletableFuture<ApplyResult> propose(byte[] proposal) {
        return CompletableFuture.completedFuture(store.apply(index.incrementAndGet(), proposal));
    }
}
