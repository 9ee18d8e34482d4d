package dev.skep.manager.role;

import dev.skep.api.model.Node;
import dev.skep.api.time.Timer;
import dev.skep.manager.PeriodicLoop;
import dev.skep.store.MemoryStore;
import dev.skep.store.raft.Member;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Keeps each manager node's {@code ManagerStatus} (Leader, Reachability) true to the Raft group as the
 * leader sees it, so {@code node ls} shows Leader / Reachable / Unreachable. Polls the group once a
 * period and writes only what changed.
 */
public final class ManagerStatusReporter extends PeriodicLoop {
    public static final Duration PERIOD = Duration.ofSeconds(1);

    private final MemoryStore store;
    private final Supplier<List<Member>> members;

    public ManagerStatusReporter(MemoryStore store, Timer timer, Supplier<List<Member>> members) {
        super(timer, PERIOD, "manager status report");
        this.store = store;
        this.members = members;
    }

    @Override
    protected void round() {
        report(members.get());
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
                Node.ManagerStatus now = new Node.ManagerStatus(
                        m.leader() ? Boolean.TRUE : null,
                        m.reachable() || m.leader() ? "reachable" : "unreachable",
                        addr);
                if (old == null
                        || !Objects.equals(old.leader(), now.leader())
                        || !Objects.equals(old.reachability(), now.reachability())) {
                    tx.update(node.withManagerStatus(now));
                }
            }
        });
    }
}
