package dev.skep.cli.job.submit;

import dev.skep.cli.format.Table;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;

/**
 * {@code skep job status}'s output: one line per process (ID as {@code C.P}, STATE, NODE, EXIT CODE, SUBMITTED as
 * condor_q's {@code M/d HH:mm}) and a summary line like condor_q's.
 */
public final class StatusTable {
    private static final DateTimeFormatter SUBMITTED = DateTimeFormatter.ofPattern("M/d HH:mm");

    private StatusTable() {}

    /** {@code hostnames} maps a node ID to what to print for it. */
    public static String render(List<CondorProcess> processes, Function<String, String> hostnames, ZoneId zone) {
        Table t = new Table("ID", "STATE", "NODE", "EXIT CODE", "SUBMITTED");
        for (CondorProcess p : processes) {
            String node = p.nodeId().isEmpty() ? "" : hostnames.apply(p.nodeId());
            Long exit = p.exitCode();
            String submitted =
                    p.submitted() == null ? "" : SUBMITTED.format(p.submitted().atZone(zone));
            t.row(p.id(), p.state().word(), node, exit == null ? "" : exit.toString(), submitted);
        }
        return t.render() + summary(processes) + "\n";
    }

    /** {@code N jobs; X completed, Y idle, Z running, W held}. */
    public static String summary(List<CondorProcess> processes) {
        return processes.size() + " jobs; " + count(processes, ProcessState.COMPLETED) + " completed, "
                + count(processes, ProcessState.IDLE) + " idle, " + count(processes, ProcessState.RUNNING)
                + " running, " + count(processes, ProcessState.HELD) + " held";
    }

    private static long count(List<CondorProcess> processes, ProcessState state) {
        return processes.stream().filter(p -> p.state() == state).count();
    }
}
