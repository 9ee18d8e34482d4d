package dev.skep.cli.job;

import dev.skep.api.cron.CronSchedule;
import dev.skep.api.filters.Filters;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.cli.SkepCommand;
import dev.skep.cli.format.HumanTime;
import dev.skep.cli.format.Table;
import dev.skep.cli.format.Text;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code skep job ls}: every job service (replicated-job and global-job) with its cron schedule, when its
 * current iteration started, when the schedule runs it next, and how that iteration went.
 */
@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, description = "List jobs")
public class JobLsCommand extends SkepCommand {
    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Option(
            names = {"-q", "--quiet"},
            description = "Only display IDs")
    boolean quiet;

    @Override
    protected void execute() {
        List<Service> jobs = new ArrayList<>(api().services(Filters.empty(), false).stream()
                .filter(s -> s.spec().mode() != null && s.spec().mode().isJob())
                .toList());
        jobs.sort(Comparator.comparing(s -> s.spec().name(), Text.NATURAL));
        if (quiet) {
            jobs.forEach(s -> out().println(s.id()));
            return;
        }
        Map<String, List<Task>> tasks = jobs.isEmpty()
                ? Map.of()
                : api().tasks(Filters.empty()).stream()
                        .filter(t -> t.serviceID() != null)
                        .collect(Collectors.groupingBy(Task::serviceID));
        render(jobs, tasks, Instant.now()).print(out());
    }

    static Table render(List<Service> jobs, Map<String, List<Task>> tasks, Instant now) {
        Table t = new Table("ID", "NAME", "SCHEDULE", "LAST RUN", "NEXT RUN", "LAST RESULT");
        for (Service s : jobs) {
            String schedule = schedule(s);
            Instant last = s.jobStatus() == null ? null : s.jobStatus().lastExecution();
            t.row(
                    Text.truncateId(s.id()),
                    s.spec().name(),
                    schedule == null ? "-" : schedule,
                    last == null ? "-" : HumanTime.ago(last, now),
                    nextRun(schedule, last, now),
                    result(s, tasks.getOrDefault(s.id(), List.of())));
        }
        return t;
    }

    private static String schedule(Service s) {
        return s.spec().labels() == null ? null : s.spec().labels().get(JobCreateCommand.LABEL);
    }

    /** The next due time as skepd computes it: after the last run (once, at once, if that one was missed). */
    static String nextRun(String schedule, Instant last, Instant now) {
        if (schedule == null) return "-";
        CronSchedule cron;
        try {
            cron = CronSchedule.parse(schedule);
        } catch (IllegalArgumentException e) {
            return "invalid schedule";
        }
        Instant next = cron.next(last == null ? now : last).orElse(null);
        if (next == null) return "never";
        if (!next.isAfter(now)) return "now";
        return MINUTE.format(next) + " (in "
                + HumanTime.humanDuration(Duration.between(now, next)).toLowerCase(Locale.ROOT) + ")";
    }

    /**
     * The current iteration, in task terms: "running (2/6 completed)", "completed (6/6)", or "failed (5/6
     * completed)" once nothing runs any more but some slots never completed.
     */
    static String result(Service s, List<Task> tasks) {
        long iteration = s.jobStatus() == null || s.jobStatus().jobIteration() == null
                ? 0
                : s.jobStatus().jobIteration().value();
        List<Task> current = tasks.stream()
                .filter(t -> t.jobIteration() != null && t.jobIteration().value() == iteration)
                .toList();
        long completed =
                current.stream().filter(t -> t.state() == TaskState.COMPLETE).count();
        long total = total(s, current);
        boolean running = current.stream()
                .anyMatch(t ->
                        t.state() != TaskState.COMPLETE && !t.desiredState().isAfter(TaskState.COMPLETE));
        if (running
                || (completed < total
                        && current.stream().noneMatch(t -> t.state().isAfter(TaskState.COMPLETE)))) {
            return "running (" + completed + "/" + total + " completed)";
        }
        if (completed >= total) return "completed (" + completed + "/" + total + ")";
        return "failed (" + completed + "/" + total + " completed)";
    }

    private static long total(Service s, List<Task> current) {
        var job = s.spec().mode().replicatedJob();
        if (job != null) return job.totalCompletions() == null ? 1 : job.totalCompletions();
        Set<String> nodes = new HashSet<>();
        for (Task t : current) if (t.nodeID() != null) nodes.add(t.nodeID());
        return nodes.size();
    }
}
