package dev.skep.bench;

import dev.skep.api.model.TaskState;
import dev.skep.api.time.SystemTimer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The scale benchmark: an in-JVM cluster of Raft managers (the leader running every control loop) and simulated
 * nodes, a burst of replicated services, and how long the pipeline takes until every task is ASSIGNED (placements
 * committed per second) and RUNNING, plus the heap the whole JVM uses at the end.
 *
 * <p>Usage: {@code ScaleBenchmark [--managers 3] [--nodes 1000] [--services 20] [--replicas 1000]
 * [--rounds 1] [--timeout-seconds 600] [--no-heap] [--sealed]}; {@code --sealed} seals the
 * managers' Raft log under data keys, as skepd does since encryption at rest (the default runs it in clear).
 */
public final class ScaleBenchmark {
    /**
     * What to run; {@code rounds} > 1 repeats the burst in the same JVM and cluster (the services removed in between)
     * so that the rounds after the first measure a warm JVM.
     */
    public record Options(
            int managers,
            int nodes,
            int services,
            int replicas,
            Duration timeout,
            boolean heap,
            int rounds,
            boolean sealed) {
        /** With the managers' Raft log in clear (no data keys), as before encryption at rest. */
        public Options(
                int managers, int nodes, int services, int replicas, Duration timeout, boolean heap, int rounds) {
            this(managers, nodes, services, replicas, timeout, heap, rounds, false);
        }

        public int tasks() {
            return services * replicas;
        }

        static Options parse(String[] args) {
            int managers = 3, nodes = 1000, services = 20, replicas = 1000, timeout = 600, rounds = 1;
            boolean heap = true;
            boolean sealed = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--managers" -> managers = intArg(args, ++i);
                    case "--nodes" -> nodes = intArg(args, ++i);
                    case "--services" -> services = intArg(args, ++i);
                    case "--replicas" -> replicas = intArg(args, ++i);
                    case "--timeout-seconds" -> timeout = intArg(args, ++i);
                    case "--rounds" -> rounds = intArg(args, ++i);
                    case "--no-heap" -> heap = false;
                    case "--sealed" -> sealed = true;
                    default -> throw new IllegalArgumentException("unknown argument " + a);
                }
            }
            if (rounds < 1) throw new IllegalArgumentException("--rounds must be at least 1");
            return new Options(managers, nodes, services, replicas, Duration.ofSeconds(timeout), heap, rounds, sealed);
        }

        private static int intArg(String[] args, int i) {
            if (i >= args.length) throw new IllegalArgumentException(args[i - 1] + " needs a number");
            return Integer.parseInt(args[i].replace("_", ""));
        }
    }

    /**
     * What one run measured. Times in seconds from just before the first service create; heaps in bytes
     * (-1 when not measured).
     *
     * @param setupSeconds     managers started and every node ready (not part of the timings below)
     * @param createdSeconds   every service create committed
     * @param allNew           the orchestrator created every task
     * @param allPending       the allocator moved every task to PENDING
     * @param allAssigned      the scheduler's placements of every task committed
     * @param allRunning       every task reported RUNNING by its agent and committed
     * @param firstAssigned    the first placement committed
     * @param heapBase         managers only, before any node
     * @param heapAll          at the end: managers, agents and every task
     * @param heapNoAgents     after the agents stopped: the managers' stores, Raft and the leader's loops
     * @param leaderStable     the member running the loops led the whole time
     * @param roundRates       placements per second of every round so far, the first (cold JVM) first
     */
    public record Result(
            Options options,
            double setupSeconds,
            double createdSeconds,
            double allNew,
            double allPending,
            double allAssigned,
            double allRunning,
            double firstAssigned,
            int assigned,
            int running,
            long heapBase,
            long heapAll,
            long heapNoAgents,
            boolean leaderStable,
            List<Double> roundRates) {
        /** Placements committed per second, over the span from the first create to the last placement. */
        public double placementsPerSecond() {
            return options.tasks() / allAssigned;
        }

        /**
         * What one manager's copy of the state takes (store, Raft log cache; the leader's loops counted in too):
         * the managers' growth over the run, shared equally. Every member holds the same objects.
         */
        public long heapPerManager() {
            return heapNoAgents < 0 ? -1 : (heapNoAgents - heapBase) / options.managers();
        }

        /**
         * The median placements per second of the rounds after the first (NaN with one round): a manager's
         * throughput once the JIT compiled its hot paths, without the first round's warm-up.
         */
        public double warmMedian() {
            if (roundRates.size() < 2) return Double.NaN;
            double[] warm = roundRates.subList(1, roundRates.size()).stream()
                    .mapToDouble(Double::doubleValue)
                    .sorted()
                    .toArray();
            int n = warm.length;
            return n % 2 == 1 ? warm[n / 2] : (warm[n / 2 - 1] + warm[n / 2]) / 2;
        }

        Result withRounds(List<Double> rates) {
            return new Result(
                    options,
                    setupSeconds,
                    createdSeconds,
                    allNew,
                    allPending,
                    allAssigned,
                    allRunning,
                    firstAssigned,
                    assigned,
                    running,
                    heapBase,
                    heapAll,
                    heapNoAgents,
                    leaderStable,
                    rates);
        }

        Result withHeap(long all, long noAgents) {
            return new Result(
                    options,
                    setupSeconds,
                    createdSeconds,
                    allNew,
                    allPending,
                    allAssigned,
                    allRunning,
                    firstAssigned,
                    assigned,
                    running,
                    heapBase,
                    all,
                    noAgents,
                    leaderStable,
                    roundRates);
        }

        public boolean complete() {
            return running == options.tasks();
        }
    }

    private ScaleBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        System.out.printf(
                Locale.ROOT,
                "scale benchmark: %d managers, %d simulated nodes, %d services x %d replicas"
                        + " = %d tasks; %d CPUs, max heap %.0f MiB, Java %s%n",
                o.managers(),
                o.nodes(),
                o.services(),
                o.replicas(),
                o.tasks(),
                Runtime.getRuntime().availableProcessors(),
                Heap.mib(Runtime.getRuntime().maxMemory()),
                Runtime.version());
        Result r = run(o, System.out);
        print(r, System.out);
        // Ratis and agent threads are not all daemons; the figures are out.
        System.exit(r.complete() && r.leaderStable() ? 0 : 1);
    }

    /** Runs one benchmark in this JVM; progress lines go to {@code log}. */
    public static Result run(Options o, PrintStream log) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("skep-bench-");
        long t0 = System.nanoTime();
        try (SystemTimer managerTimer = new SystemTimer();
                SystemTimer agentTimer = new SystemTimer();
                ManagerCluster cluster = ManagerCluster.start(dir, o.managers(), managerTimer, o.sealed())) {
            long heapBase = o.heap() ? Heap.usedAfterGc() : -1;
            log.printf(
                    Locale.ROOT,
                    "  %d managers up, leader %s%n",
                    o.managers(),
                    cluster.leader().id());
            SimNodes nodes = SimNodes.start(o.nodes(), cluster.dispatcher(), cluster.store(), agentTimer);
            try {
                nodes.awaitReady(cluster.store(), o.timeout());
                double setup = (System.nanoTime() - t0) / 1e9;
                log.printf(Locale.ROOT, "  %d nodes ready after %.1f s%n", nodes.size(), setup);
                Result partial = null;
                List<Double> rates = new ArrayList<>();
                for (int round = 1; round <= o.rounds() && (partial == null || partial.complete()); round++) {
                    log.printf(Locale.ROOT, "  round %d of %d%n", round, o.rounds());
                    partial = round(cluster, o, "bench-r" + round, setup, heapBase, log, round < o.rounds());
                    rates.add(partial.placementsPerSecond());
                    partial = partial.withRounds(List.copyOf(rates));
                }
                if (!o.heap()) return partial;
                long heapAll = Heap.usedAfterGc();
                // Measured at once: nodes without agents would go down after 3 heartbeat periods (15 s) and their
                // tasks be rescheduled, which is not the state being measured.
                nodes.close();
                long heapNoAgents = Heap.usedAfterGc();
                return partial.withHeap(heapAll, heapNoAgents);
            } finally {
                nodes.close();
            }
        } finally {
            deleteQuietly(dir);
        }
    }

    /**
     * One burst: creates the services, waits until every task is ASSIGNED and RUNNING, and (unless it is the last
     * round) removes them again and waits until their tasks are gone.
     */
    private static Result round(
            ManagerCluster cluster,
            Options o,
            String prefix,
            double setup,
            long heapBase,
            PrintStream log,
            boolean removeAfter)
            throws InterruptedException {
        Result r;
        List<String> services;
        try (TaskProgress progress = new TaskProgress(cluster.store(), o.tasks())) {
            progress.start();
            long start = System.nanoTime();
            services = Workload.createServices(cluster.store(), prefix, o.services(), o.replicas());
            double created = (System.nanoTime() - start) / 1e9;
            boolean assigned = progress.await(TaskState.ASSIGNED, o.timeout());
            log.printf(
                    Locale.ROOT,
                    "  assigned: %s after %.2f s%n",
                    assigned ? "all" : "NOT all",
                    progress.allSeconds(TaskState.ASSIGNED));
            if (assigned) progress.await(TaskState.RUNNING, o.timeout());
            log.printf(
                    Locale.ROOT,
                    "  running: %d of %d after %.2f s; %.2f task writes committed per task%n",
                    progress.count(TaskState.RUNNING),
                    o.tasks(),
                    progress.allSeconds(TaskState.RUNNING),
                    (double) progress.writes() / o.tasks());
            r = new Result(
                    o,
                    setup,
                    created,
                    progress.allSeconds(TaskState.NEW),
                    progress.allSeconds(TaskState.PENDING),
                    progress.allSeconds(TaskState.ASSIGNED),
                    progress.allSeconds(TaskState.RUNNING),
                    progress.firstSeconds(TaskState.ASSIGNED),
                    progress.count(TaskState.ASSIGNED),
                    progress.count(TaskState.RUNNING),
                    heapBase,
                    -1,
                    -1,
                    cluster.leaderStable(),
                    List.of());
        }
        if (removeAfter && r.complete()) {
            log.printf(Locale.ROOT, "  %,.0f placements/s; removing the round's services%n", r.placementsPerSecond());
            Workload.removeServices(cluster.store(), services, o.timeout());
        }
        return r;
    }

    /** The figures as a Markdown table. */
    public static void print(Result r, PrintStream out) {
        Options o = r.options();
        out.println();
        out.println("| metric | value |");
        out.println("|---|---|");
        row(
                out,
                "managers / simulated nodes / tasks",
                o.managers() + " / " + o.nodes() + " / " + o.tasks() + " (" + o.services() + " services × "
                        + o.replicas() + ")");
        row(out, "setup: managers up, all nodes ready", seconds(r.setupSeconds()));
        row(out, "all service creates committed", seconds(r.createdSeconds()));
        row(out, "all tasks created (NEW)", seconds(r.allNew()));
        row(out, "all tasks allocated (PENDING)", seconds(r.allPending()));
        row(out, "first placement committed (ASSIGNED)", seconds(r.firstAssigned()));
        row(out, "all placements committed (ASSIGNED)", seconds(r.allAssigned()) + " (" + r.assigned() + ")");
        row(
                out,
                "**placements committed per second**",
                String.format(Locale.ROOT, "**%,.0f/s**", r.placementsPerSecond()));
        if (r.roundRates().size() > 1) {
            row(
                    out,
                    "placements per second by round (round 1 on a cold JVM; the figures above are the last round's)",
                    r.roundRates().stream()
                            .map(x -> String.format(Locale.ROOT, "%,.0f", x))
                            .collect(Collectors.joining(", ")));
            row(
                    out,
                    "**median placements per second after round 1**",
                    String.format(Locale.ROOT, "**%,.0f/s**", r.warmMedian()));
        }
        row(out, "**all tasks RUNNING**", "**" + seconds(r.allRunning()) + "** (" + r.running() + ")");
        if (r.heapAll() >= 0) {
            row(out, "heap: managers only, before nodes", mib(r.heapBase()));
            row(out, "**heap: whole JVM at the end** (3 managers + agents + tasks)", "**" + mib(r.heapAll()) + "**");
            row(out, "heap: agents stopped (managers' stores, Raft, leader loops)", mib(r.heapNoAgents()));
            row(
                    out,
                    "heap per manager (store + Raft; estimate: growth without agents / managers)",
                    mib(r.heapPerManager()));
        }
        row(out, "leader unchanged throughout", String.valueOf(r.leaderStable()));
    }

    private static void row(PrintStream out, String metric, String value) {
        out.println("| " + metric + " | " + value + " |");
    }

    private static String seconds(double s) {
        return Double.isNaN(s) ? "not reached" : String.format(Locale.ROOT, "%.2f s", s);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", Heap.mib(bytes));
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
