package dev.skep.manager.scheduler;

import dev.skep.api.model.Resources;
import dev.skep.api.model.Task;
import java.time.Instant;
import java.util.Comparator;

/**
 * Bin packing: the node left with the least free CPU and memory once the task is placed comes first, so
 * one node fills up before the next is used (and whole nodes stay free for big tasks). The score is
 * Nomad's: with {@code f} the free fraction of a resource after placement, {@code 20 - (10^fCpu + 10^fMem)},
 * higher is fuller. A node that reports no CPU (or memory) counts as full for that resource. Ties —
 * tasks that reserve nothing, say — go to the node with the most tasks.
 */
final class BinpackStrategy implements Strategy {
    @Override
    public Comparator<NodeInfo> order(Task t, Instant now) {
        Resources r = NodeInfo.reservations(t);
        long cpu = r == null ? 0 : r.cpus();
        long mem = r == null ? 0 : r.memory();
        return Strategy.failuresLast(t, now)
                .thenComparing(Comparator.comparingDouble((NodeInfo n) -> score(n, cpu, mem))
                        .reversed())
                .thenComparing(Comparator.comparingInt(NodeInfo::activeTasks).reversed())
                .thenComparing(NodeInfo::id);
    }

    /** Nomad's bin-pack fit after reserving {@code cpu} and {@code mem} on the node. */
    static double score(NodeInfo n, long cpu, long mem) {
        Resources total =
                n.node().description() == null ? null : n.node().description().resources();
        double freeCpu = freeFraction(n.availableCpus() - cpu, total == null ? 0 : total.cpus());
        double freeMem = freeFraction(n.availableMemory() - mem, total == null ? 0 : total.memory());
        return 20 - (Math.pow(10, freeCpu) + Math.pow(10, freeMem));
    }

    private static double freeFraction(long free, long total) {
        if (total <= 0) return 0;
        return Math.max(0, Math.min(1, (double) free / total));
    }
}
