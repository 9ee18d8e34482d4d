package dev.skep.cli.service;

import dev.skep.api.filters.Filters;
import dev.skep.api.model.PortConfig;
import dev.skep.api.model.Service;
import dev.skep.cli.SkepCommand;
import dev.skep.cli.format.Table;
import dev.skep.cli.format.Text;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code skep service ls}: ID, NAME, MODE, REPLICAS, IMAGE, PORTS from {@code GET /services?status=true}. */
@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, description = "List services")
public class ServiceLs extends SkepCommand {
    @Option(
            names = {"-q", "--quiet"},
            description = "Only display IDs")
    boolean quiet;

    @Option(
            names = {"-f", "--filter"},
            description = "Filter output based on conditions provided")
    List<String> filters = new ArrayList<>();

    @Override
    protected void execute() {
        List<Service> services = new ArrayList<>(api().services(Filters.fromFlags(filters), true));
        services.sort(Comparator.comparing(s -> s.spec().name(), Text.NATURAL));
        if (quiet) {
            services.forEach(s -> out().println(s.id()));
            return;
        }
        render(services).print(out());
    }

    public static Table render(List<Service> services) {
        Table t = new Table("ID", "NAME", "MODE", "REPLICAS", "IMAGE", "PORTS");
        for (Service s : services) {
            t.row(Text.truncateId(s.id()), s.spec().name(), mode(s), replicas(s), image(s), ports(s));
        }
        return t;
    }

    static String mode(Service s) {
        var m = s.spec().mode();
        if (m == null) return "";
        if (m.global() != null) return "global";
        if (m.replicated() != null) return "replicated";
        if (m.replicatedJob() != null) return "replicated job";
        if (m.globalJob() != null) return "global job";
        return "";
    }

    static String replicas(Service s) {
        long running = 0;
        long desired = 0;
        long completed = 0;
        if (s.serviceStatus() != null) {
            running = n(s.serviceStatus().runningTasks());
            desired = n(s.serviceStatus().desiredTasks());
            completed = n(s.serviceStatus().completedTasks());
        }
        var m = s.spec().mode();
        if (m != null && m.replicatedJob() != null) {
            return running + "/" + desired + " (" + completed + "/"
                    + n(m.replicatedJob().totalCompletions()) + " completed)";
        }
        if (m != null && m.globalJob() != null) {
            return running + "/" + desired + " (" + completed + "/" + (desired + completed) + " completed)";
        }
        long max = maxReplicas(s);
        if (max > 0) return running + "/" + desired + " (max " + max + " per node)";
        return running + "/" + desired;
    }

    private static long maxReplicas(Service s) {
        if (!"replicated".equals(mode(s))) return 0;
        var task = s.spec().taskTemplate();
        if (task == null || task.placement() == null) return 0;
        return n(task.placement().maxReplicas());
    }

    static String image(Service s) {
        var task = s.spec().taskTemplate();
        return task == null || task.containerSpec() == null
                ? ""
                : Text.displayImage(task.containerSpec().image());
    }

    /**
     * Ingress-published ports, grouped into ranges as docker does: *:80-81->80-81/tcp. Host-mode ports are
     * not listed (they show in {@code service ps}).
     */
    static String ports(Service s) {
        if (s.endpoint() == null || s.endpoint().ports() == null) return "";
        List<PortConfig> ports = new ArrayList<>(s.endpoint().ports());
        ports.sort(
                Comparator.comparing((PortConfig p) -> str(p.protocol())).thenComparingLong(p -> n(p.publishedPort())));
        List<String> out = new ArrayList<>();
        long pStart = 0, pEnd = 0, tStart = 0, tEnd = 0;
        String protocol = "";
        for (PortConfig p : ports) {
            if (!"ingress".equals(p.publishMode())) continue;
            long pub = n(p.publishedPort());
            long tgt = n(p.targetPort());
            boolean isRange = tEnd != tStart;
            boolean overlaps = tgt <= tEnd;
            if (!str(p.protocol()).equals(protocol)
                    || pub - pEnd > 1
                    || pub < pEnd
                    || tgt - tEnd > 1
                    || tgt < tEnd
                    || (isRange && overlaps)) {
                if (pStart > 0) out.add(range(pStart, pEnd, tStart, tEnd, protocol));
                pStart = pEnd = pub;
                tStart = tEnd = tgt;
                protocol = str(p.protocol());
                continue;
            }
            pEnd = pub;
            tEnd = tgt;
        }
        if (pStart > 0) out.add(range(pStart, pEnd, tStart, tEnd, protocol));
        return String.join(", ", out);
    }

    private static String range(long pStart, long pEnd, long tStart, long tEnd, String protocol) {
        String pub = pEnd > pStart ? pStart + "-" + pEnd : Long.toString(pStart);
        String tgt = tEnd > tStart ? tStart + "-" + tEnd : Long.toString(tStart);
        return "*:" + pub + "->" + tgt + "/" + protocol;
    }

    static long n(Long v) {
        return v == null ? 0 : v;
    }

    private static String str(String s) {
        return s == null ? "" : s;
    }
}
