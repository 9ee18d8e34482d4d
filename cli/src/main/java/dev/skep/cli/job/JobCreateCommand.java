package dev.skep.cli.job;

import dev.skep.api.cron.CronSchedule;
import dev.skep.cli.CliException;
import dev.skep.cli.service.ServiceCreate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code skep job create --schedule CRON [service create flags] IMAGE [COMMAND] [ARG...]}: a replicated job
 * (or a global one with {@code --mode global}) that skepd runs again on the schedule, through the label
 * {@value #LABEL}. Every {@code service create} flag applies; {@code --replicas} and {@code --max-concurrent}
 * set TotalCompletions and MaxConcurrent. Like any job it also runs once when created.
 */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = "Create a job that runs on a cron schedule (minute hour day-of-month month day-of-week, UTC)")
public class JobCreateCommand extends ServiceCreate {
    /** The label skepd's cron scheduler reads. */
    public static final String LABEL = "skep.cron.schedule";

    @Option(
            names = "--schedule",
            required = true,
            paramLabel = "CRON",
            description = "Cron schedule, e.g. \"*/5 * * * *\" (five fields, UTC)")
    String schedule;

    @Override
    protected void execute() throws Exception {
        applySchedule();
        super.execute();
    }

    /** Turns the service create flags into a job's: a job mode and the schedule label. */
    void applySchedule() {
        try {
            CronSchedule.parse(schedule);
        } catch (IllegalArgumentException e) {
            throw new CliException("invalid argument \"" + schedule + "\" for \"--schedule\" flag: " + e.getMessage());
        }
        mode = switch (mode) {
            case "replicated", "replicated-job" -> "replicated-job";
            case "global", "global-job" -> "global-job";
            default -> throw new CliException("Unknown mode: " + mode + ", only replicated and global supported");
        };
        labels.add(LABEL + "=" + schedule);
    }
}
