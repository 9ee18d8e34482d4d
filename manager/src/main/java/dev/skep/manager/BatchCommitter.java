package dev.skep.manager;

import dev.skep.store.ApplyResult;
import dev.skep.store.MemoryStore;
import dev.skep.store.ReadTx;
import dev.skep.store.Tx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a loop's decisions to the store: in batches of at most {@code maxBatch} (one Raft entry each), up to
 * {@code maxInFlight} batches committing at once, and tells the loop which decisions did not land so it can decide
 * them again. The loop says how one batch is staged ({@link Stage}) and, if it wants the check, how to tell that a
 * written decision is in the store ({@link Landed}); this class owns the rest.
 *
 * <p>A batch in flight is staged against the store as it is, before the earlier ones are applied; so
 * {@code maxInFlight > 1} only suits decisions that do not depend on each other's writes (the scheduler's: one task
 * each, no node written). A batch drops a change that raced another writer ({@link MemoryStore#batch}); the
 * {@link Landed} check finds those, re-reading the written decisions once the batch is applied.
 */
public final class BatchCommitter<D> {
    private static final Logger LOG = LoggerFactory.getLogger(BatchCommitter.class);

    /** Stages one batch of decisions in its transaction, reporting each as written, rejected or gone. */
    @FunctionalInterface
    public interface Stage<D> {
        void apply(Tx tx, List<D> batch, Staged<D> staged);
    }

    /** Whether a decision written by a batch applied at {@code index} is in the store. */
    @FunctionalInterface
    public interface Landed<D> {
        boolean landed(ReadTx tx, D decision, long index);
    }

    /** What one batch staged; decisions reported as nothing need no write (already so in the store). */
    public static final class Staged<D> {
        private final List<D> written = new ArrayList<>();
        private final List<D> rejected = new ArrayList<>();
        private final List<D> gone = new ArrayList<>();

        /** Staged as a write, to be checked by {@link Landed}. */
        public void written(D d) {
            written.add(d);
        }

        /** Not staged: what it was decided on changed meanwhile; to be decided again. */
        public void rejected(D d) {
            rejected.add(d);
        }

        /** Not staged: its object is no longer in the store. */
        public void gone(D d) {
            gone.add(d);
        }
    }

    /**
     * What did not land: {@code failed} is to be decided again (rejected, dropped by the batch, or its batch's
     * commit failed), {@code gone} is to be forgotten.
     */
    public record Outcome<D>(List<D> failed, List<D> gone) {}

    private final MemoryStore store;
    private final int maxBatch;
    private final int maxInFlight;
    private final String what;

    public BatchCommitter(MemoryStore store, int maxBatch, int maxInFlight, String what) {
        this.store = store;
        this.maxBatch = maxBatch;
        this.maxInFlight = maxInFlight;
        this.what = what;
    }

    /** Commits every decision; {@code landed} may be null when the loop's own events bring raced objects back. */
    public Outcome<D> commit(List<D> decisions, Stage<D> stage, Landed<D> landed) {
        Outcome<D> outcome = new Outcome<>(new ArrayList<>(), new ArrayList<>());
        ArrayDeque<Batch<D>> inFlight = new ArrayDeque<>();
        for (int from = 0; from < decisions.size(); from += maxBatch) {
            if (inFlight.size() == maxInFlight) finish(inFlight.poll(), landed, outcome);
            inFlight.add(send(decisions.subList(from, Math.min(decisions.size(), from + maxBatch)), stage));
        }
        while (!inFlight.isEmpty()) finish(inFlight.poll(), landed, outcome);
        return outcome;
    }

    /** A batch sent to the store: its decisions, what was staged, and its commit. */
    private record Batch<D>(List<D> decisions, Staged<D> staged, CompletableFuture<ApplyResult> commit) {}

    private Batch<D> send(List<D> batch, Stage<D> stage) {
        Staged<D> staged = new Staged<>();
        CompletableFuture<ApplyResult> commit;
        try {
            commit = store.batchAsync(tx -> stage.apply(tx, batch, staged));
        } catch (RuntimeException e) {
            commit = CompletableFuture.failedFuture(e);
        }
        return new Batch<>(batch, staged, commit);
    }

    private void finish(Batch<D> b, Landed<D> landed, Outcome<D> outcome) {
        try {
            ApplyResult result = store.await(b.commit());
            outcome.failed().addAll(b.staged().rejected);
            outcome.gone().addAll(b.staged().gone);
            if (landed != null && result.skipped() > 0) {
                outcome.failed().addAll(notLanded(b.staged().written, landed, result.index()));
            }
        } catch (RuntimeException e) {
            LOG.warn("{} commit failed; will retry", what, e);
            outcome.failed().addAll(b.decisions());
        }
    }

    private List<D> notLanded(List<D> written, Landed<D> landed, long index) {
        return store.view(tx -> {
            List<D> out = new ArrayList<>();
            for (D d : written) if (!landed.landed(tx, d, index)) out.add(d);
            return out;
        });
    }
}
