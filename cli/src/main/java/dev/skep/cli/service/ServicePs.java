package dev.skep.cli.service;

import dev.skep.api.filters.Filters;
import dev.skep.api.model.PortConfig;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.cli.CliException;
import dev.skep.cli.SkepCommand;
import dev.skep.cli.format.HumanTime;
import dev.skep.cli.format.Table;
import dev.skep.cli.format.Text;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skep service ps SERVICE...}: the tasks of services, older tasks of a slot indented under the newest. */
@Command(name = "ps", mixinStandardHelpOptions = true, description = "List the tasks of one or more services")
public class ServicePs extends SkepCommand {
    private static final int MAX_ERR_LENGTH = 30;

    @Option(
            names = {"-q", "--quiet"},
            description = "Only display task IDs")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Do not truncate output")
    boolean noTrunc;

    @Option(names = "--no-resolve", description = "Do not map IDs to Names")
    boolean noResolve;

    @Option(
            names = {"-f", "--filter"},
            description = "Filter output based on conditions provided")
    List<String> filters = new ArrayList<>();

    @Parameters(arity = "1..*", paramLabel = "SERVICE")
    List<String> services = new ArrayList<>();

    @Override
    protected void execute() {
        Filters filter = Filters.fromFlags(filters);
        List<String> notFound = new ArrayList<>();
        for (String id : matchServices(notFound)) filter = filter.add("service", id);
        if (filter.contains("node")) {
            List<String> refs = filter.get("node");
            filter = filter.without("node");
            for (String ref : refs) filter = filter.add("node", NodeRefs.resolve(api(), ref));
        }
        List<Task> tasks = api().tasks(filter);
        if (quiet) {
            sorted(tasks, new IdResolver(api(), noResolve))
                    .forEach(t -> out().println(t.task().id()));
        } else {
            render(tasks, new IdResolver(api(), noResolve), !noTrunc, Instant.now())
                    .print(out());
        }
        if (!notFound.isEmpty()) throw new CliException(String.join("\n", notFound));
    }

    /**
     * The IDs of the named services, by full ID, then full name, then unique ID prefix, as docker matches
     * them; the names that match none go to notFound.
     */
    private List<String> matchServices(List<String> notFound) {
        Filters byId = Filters.empty().with("id", services);
        Filters byName = Filters.empty().with("name", services);
        List<Service> idMatches = api().services(byId, false);
        List<Service> nameMatches = api().services(byName, false);
        List<String> ids = new ArrayList<>();
        for (String ref : services) {
            String id = idMatches.stream()
                    .filter(s -> s.id().equals(ref))
                    .map(Service::id)
                    .findFirst()
                    .or(() -> nameMatches.stream()
                            .filter(s -> ref.equals(s.spec().name()))
                            .map(Service::id)
                            .findFirst())
                    .orElse(null);
            if (id == null) {
                List<Service> prefixed =
                        idMatches.stream().filter(s -> s.id().startsWith(ref)).toList();
                if (prefixed.size() > 1) throw new CliException("multiple services found with provided prefix: " + ref);
                if (prefixed.size() == 1) id = prefixed.get(0).id();
            }
            if (id == null) {
                notFound.add("no such service: " + ref);
            } else {
                ids.add(id);
            }
        }
        if (ids.isEmpty()) throw new CliException(String.join("\n", notFound));
        return ids;
    }

    record NamedTask(Task task, String name) {}

    /** Tasks named service.slot (or service.nodeID), grouped by name, newest first within a name. */
    static List<NamedTask> sorted(List<Task> tasks, IdResolver resolver) {
        List<NamedTask> named = new ArrayList<>();
        for (Task t : tasks) {
            String service = resolver.service(t.serviceID());
            String suffix = t.slotNumber() != 0 ? Long.toString(t.slotNumber()) : t.nodeID();
            named.add(new NamedTask(t, service + "." + suffix));
        }
        named.sort(Comparator.comparing(NamedTask::name, Text.NATURAL)
                .thenComparing(nt -> nt.task().createdAt(), Comparator.nullsLast(Comparator.reverseOrder())));
        return named;
    }

    public static Table render(List<Task> tasks, IdResolver resolver, boolean trunc, Instant now) {
        Table table = new Table("ID", "NAME", "IMAGE", "NODE", "DESIRED STATE", "CURRENT STATE", "ERROR", "PORTS");
        String previous = null;
        Map<String, String> nodeNames = new LinkedHashMap<>();
        for (NamedTask nt : sorted(tasks, resolver)) {
            Task t = nt.task();
            String name = nt.name().equals(previous) ? " \\_ " + nt.name() : nt.name();
            previous = nt.name();
            String node = nodeNames.computeIfAbsent(t.nodeID() == null ? "" : t.nodeID(), resolver::node);
            table.row(
                    trunc ? Text.truncateId(t.id()) : t.id(),
                    name,
                    image(t, trunc),
                    node,
                    Text.capitalize(
                            t.desiredState() == null ? "" : t.desiredState().wire()),
                    currentState(t, now),
                    error(t, trunc),
                    ports(t));
        }
        return table;
    }

    private static String image(Task t, boolean trunc) {
        String image = t.spec() == null || t.spec().containerSpec() == null
                ? ""
                : t.spec().containerSpec().image();
        return trunc ? Text.displayImage(image) : image;
    }

    static String currentState(Task t, Instant now) {
        String state = t.status() == null || t.status().state() == null
                ? ""
                : t.status().state().wire();
        Instant ts = t.status() == null ? null : t.status().timestamp();
        return Text.capitalize(state) + " " + (ts == null ? HumanTime.ago(now, now) : HumanTime.ago(ts, now));
    }

    private static String error(Task t, boolean trunc) {
        String err =
                t.status() == null || t.status().err() == null ? "" : t.status().err();
        if (trunc) err = Text.ellipsis(err, MAX_ERR_LENGTH);
        return err.isEmpty() ? "" : "\"" + err + "\"";
    }

    private static String ports(Task t) {
        if (t.status() == null
                || t.status().portStatus() == null
                || t.status().portStatus().ports() == null) return "";
        List<String> out = new ArrayList<>();
        for (PortConfig p : t.status().portStatus().ports()) {
            out.add("*:" + ServiceLs.n(p.publishedPort()) + "->" + ServiceLs.n(p.targetPort()) + "/" + p.protocol());
        }
        return String.join(",", out);
    }
}
