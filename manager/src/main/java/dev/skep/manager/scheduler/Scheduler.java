package dev.skep.manager.scheduler;

import dev.skep.api.model.Node;
import dev.skep.api.model.StoredObject;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.time.Timer;
import dev.skep.manager.BatchCommitter;
import dev.skep.manager.EventLoop;
import dev.skep.store.Event;
import dev.skep.store.Kind;
import dev.skep.store.MemoryStore;
import dev.skep.store.ReadTx;
import dev.skep.store.Tx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places PENDING tasks on nodes (SwarmKit's scheduler): filters nodes, ranks them by the service's
 * {@link Strategy} (spread over the nodes with the fewest of its tasks, or bin-pack with the label
 * {@code skep.scheduler.strategy=binpack}), honours spread preferences, and writes ASSIGNED + NodeID. Tasks that fit
 * nowhere stay PENDING with {@code Status.Err} "no suitable node (…)" and are retried when nodes or tasks
 * change. Global tasks come with a NodeID and are only checked against that node.
 *
 * <p>The loop only feeds and commits: {@link SchedulerState} tracks the store in memory (rebuilt on start, kept
 * current from events, so a placement never rescans the task table) and plans with {@link Placer}; a
 * {@link BatchCommitter} writes the decisions and reports those that did not land, which are tracked again as the
 * store has them and decided in a later round.
 */
public final class Scheduler extends EventLoop {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    /** Decisions per commit: one Raft entry each, big enough for bursts, small enough to stay fast. */
    private static final int MAX_BATCH = 1000;
    /**
     * Batches committing at once: a burst of many thousand decisions keeps Raft busy without flooding it. Safe
     * because the batches hold different tasks and write no node, so none depends on another's writes.
     */
    private static final int MAX_IN_FLIGHT = 4;
    /** How long the loop waits before retrying decisions that did not land, when no event brings it back first. */
    static final Duration RETRY_DELAY = Duration.ofMillis(250);

    private final SchedulerState state = new SchedulerState();
    private final BatchCommitter<Decision> committer;
    private boolean queueChanged;
    /** A retry wake-up is armed. */
    private boolean retryArmed;

    public Scheduler(MemoryStore store, Timer timer) {
        super("scheduler", store, timer);
        this.committer = new BatchCommitter<>(store, MAX_BATCH, MAX_IN_FLIGHT, "scheduler");
    }

    @Override
    protected boolean interestedIn(Event e) {
        return e.kind() == Kind.TASK || e.kind() == Kind.NODE || e.kind() == Kind.SERVICE;
    }

    @Override
    protected void load(ReadTx tx) {
        state.load(tx);
    }

    @Override
    protected void reconcileAll() {
        queueChanged = true;
    }

    @Override
    protected void handle(Event e) {
        if (state.apply(e, now())) queueChanged = true;
    }

    /** One round: preassigned tasks first (global services should start first), then the queue. */
    @Override
    protected void tick() {
        try {
            if (state.hasPreassigned()) {
                List<Decision> decisions = state.planPreassigned(now());
                state.preassignedLanded(decisions, commit(decisions));
            }
            if (queueChanged) {
                queueChanged = false;
                commit(state.planQueue(now()));
            }
        } catch (RuntimeException e) {
            LOG.warn("scheduling round failed; will retry", e);
            retryLater();
        }
    }

    /**
     * Runs a full round again after {@link #RETRY_DELAY}: what did not land (a lost race, a failed commit) is
     * tried again even when no event comes to bring it back.
     */
    private void retryLater() {
        if (retryArmed) return;
        retryArmed = true;
        after(RETRY_DELAY, () -> {
            retryArmed = false;
            queueChanged = true;
        });
    }

    /** Writes the decisions; returns those that did not land, after tracking their tasks as the store has them. */
    private List<Decision> commit(List<Decision> decisions) {
        BatchCommitter.Outcome<Decision> outcome = committer.commit(decisions, this::stage, Scheduler::landed);
        for (Decision d : outcome.gone()) state.forget(d.old().id());
        List<Decision> failed = outcome.failed();
        if (!failed.isEmpty()) {
            if (state.retrack(failed, current(failed))) queueChanged = true;
            retryLater();
        }
        return failed;
    }

    private List<Task> current(List<Decision> decisions) {
        return store.view(tx -> {
            List<Task> out = new ArrayList<>();
            for (Decision d : decisions) {
                Task t = tx.tasks().get(d.old().id());
                if (t != null) out.add(t);
            }
            return out;
        });
    }

    private void stage(Tx tx, List<Decision> batch, BatchCommitter.Staged<Decision> staged) {
        for (Decision d : batch) {
            Task current = tx.tasks().get(d.old().id());
            if (current == null) {
                staged.gone(d);
            } else if (version(current) != version(d.old())) {
                staged.rejected(d);
            } else if (!sameOutcome(current, d.updated())) {
                if (d.updated().state() == TaskState.ASSIGNED
                        && nodeChanged(tx, d.updated().nodeID())) {
                    staged.rejected(d); // the node changed under us (drained, went down…): decide again
                } else {
                    tx.update(d.updated());
                    staged.written(d);
                }
            }
        }
    }

    /** True when the node is gone or not the version the decision was made on. */
    private boolean nodeChanged(Tx tx, String nodeId) {
        Node node = tx.nodes().get(nodeId);
        NodeInfo info = state.node(nodeId);
        return node == null || info == null || version(node) != version(info.node());
    }

    private static boolean landed(ReadTx tx, Decision d, long index) {
        Task cur = tx.tasks().get(d.old().id());
        return cur != null
                && version(cur) >= index
                && Objects.equals(cur.nodeID(), d.updated().nodeID())
                && cur.state().isAtLeast(d.updated().state());
    }

    private static boolean sameOutcome(Task current, Task updated) {
        TaskStatus a = current.status();
        TaskStatus b = updated.status();
        return a != null
                && b != null
                && a.state() == b.state()
                && Objects.equals(a.message(), b.message())
                && Objects.equals(a.err(), b.err())
                && Objects.equals(current.nodeID(), updated.nodeID());
    }

    private static long version(StoredObject o) {
        return o.version() == null ? 0 : o.version().value();
    }
}
