package dev.skep.manager.scheduler;

import dev.skep.api.model.StoredObject;
import dev.skep.api.model.Task;
import dev.skep.api.time.ManualTimer;
import dev.skep.store.Event;
import dev.skep.store.Kind;
import dev.skep.store.MemoryStore;
import dev.skep.store.Watch;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the scheduler's planning synchronously on the test's thread, as Nomad's {@code scheduler/testing.go} Harness
 * does: no loop thread, no batches in flight. The objects live in a real in-memory store on a manual clock; the
 * harness tracks them in a {@link SchedulerState} as the loop does (read once, then every committed change), plans,
 * and writes each plan in one commit, until a plan writes nothing new.
 */
public final class Harness implements AutoCloseable {
    private final ManualTimer timer = new ManualTimer();
    private final MemoryStore store = new MemoryStore(timer.clock());
    private final SchedulerState state = new SchedulerState();
    private Watch watch;
    /** Plans written, for tests that count rounds. */
    private int plans;

    /** Puts the objects in the store; the state follows once {@link #schedule} runs. */
    public Harness put(List<? extends StoredObject> objects) {
        if (objects.isEmpty()) return this;
        store.update(tx -> {
            for (StoredObject o : objects) tx.create(o);
        });
        return this;
    }

    /** Tracks what changed, then plans and writes until the plan changes nothing (the loop idle). */
    public Harness schedule() {
        boolean queueChanged = follow();
        while (true) {
            List<Decision> preassigned = state.planPreassigned(timer.now());
            List<Task> writes = new ArrayList<>();
            for (Decision d : preassigned) writes.add(d.updated());
            if (queueChanged) for (Decision d : state.planQueue(timer.now())) writes.add(d.updated());
            boolean wrote = write(writes);
            state.preassignedLanded(preassigned, List.of()); // one writer: every decision lands
            if (!wrote) return this;
            queueChanged = follow();
        }
    }

    /** Reads the store on the first call, as the loop's start does; then applies the changes since. */
    private boolean follow() {
        if (watch == null) {
            store.viewAndWatch(
                    tx -> {
                        state.load(tx);
                        return null;
                    },
                    e -> e.kind() == Kind.TASK || e.kind() == Kind.NODE || e.kind() == Kind.SERVICE,
                    w -> watch = w);
            return true;
        }
        boolean queueChanged = false;
        for (Event e : watch.drain()) queueChanged |= state.apply(e, timer.now());
        return queueChanged;
    }

    /** Commits the tasks that differ from the store; false when none does. */
    private boolean write(List<Task> tasks) {
        List<Task> changed = store.view(tx ->
                tasks.stream().filter(t -> !same(tx.tasks().get(t.id()), t)).toList());
        if (changed.isEmpty()) return false;
        store.update(tx -> changed.forEach(tx::update));
        plans++;
        return true;
    }

    private static boolean same(Task stored, Task planned) {
        return stored != null
                && stored.state() == planned.state()
                && java.util.Objects.equals(stored.nodeID(), planned.nodeID())
                && java.util.Objects.equals(
                        stored.status().err(), planned.status().err());
    }

    public List<Task> tasks() {
        return store.view(tx -> tx.tasks().all());
    }

    public int plans() {
        return plans;
    }

    @Override
    public void close() {
        if (watch != null) watch.close();
    }
}
