package dev.skep.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Used heap after full collections: what the live objects of the whole JVM take. */
final class Heap {
    private Heap() {}

    /** Bytes of heap in use after a few full GCs (the first may leave objects with finalizers or soft refs). */
    static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            memory.gc();
            ManagerCluster.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
