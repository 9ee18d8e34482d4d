package dev.skep.manager.role;

import dev.skep.api.model.Node;
import dev.skep.api.time.Timer;
import dev.skep.manager.Loop;
import dev.skep.store.ConflictException;
import dev.skep.store.MemoryStore;
import dev.skep.store.StoreUnavailableException;
import dev.skep.store.raft.Member;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each manager node's {@code ManagerStatus} (Leader, Reachability) true to the Raft group as the
 * leader sees it, so {@code node ls} shows Leader / Reachable / Unreachable. Polls the group once a
 * period and writes only what changed.
 */
public final class ManagerStatusReporter implements Loop {
    private static final Logger LOG = LoggerFactory.getLogger(ManagerStatusReporter.class);
    public static final Duration PERIOD = Duration.ofSeconds(1);

    private final MemoryStore store;
    private final Timer timer;
    private final Supplier<List<Member>> members;
    private volatile Timer.Cancellable next;
    private volatile boolean running;

    public ManagerStatusReporter(MemoryStore store, Timer timer, Supplier<List<Member>> members) {
        this.store = store;
        this.timer = timer;
        this.members = members;
    }

    @Override
    public synchronized void start() {
        running = true;
        schedule(Duration.ZERO);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (next != null) next.cancel();
    }

    private void schedule(Duration delay) {
        if (running) next = timer.after(delay, this::tick);
    }

    private void tick() {
        try {
            report(members.get());
        } catch (ConflictException | StoreUnavailableException e) {
            LOG.debug("manager status not written this round: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("manager status report failed", e);
        } finally {
            schedule(PERIOD);
        }
    }

    /** Writes Leader/Reachability for every manager node whose status differs from the group's view. */
    public void report(List<Member> group) {
        Map<String, Member> byId = group.stream().collect(Collectors.toMap(Member::peerId, Function.identity()));
        store.batch(tx -> {
            for (Node node : tx.nodes().all()) {
                Member m = byId.get(node.id());
                if (m == null) continue;
                Node.ManagerStatus old = node.managerStatus();
                String addr = old != null && old.addr() != null ? old.addr() : m.address();
                Node.ManagerStatus now = new Node.ManagerStatus(m.leader() ? Boolean.TRUE : null,
                        m.reachable() || m.leader() ? "reachable" : "unreachable", addr);
                if (old == null || !Objects.equals(old.leader(), now.leader())
                        || !Objects.equals(old.reachability(), now.reachability())) {
                    tx.update(node.withManagerStatus(now));
                }
            }
        });
    }
}
