package dev.skep.cli.job;

import dev.skep.api.errors.ApiException;
import dev.skep.api.filters.Filters;
import dev.skep.api.model.Service;
import dev.skep.cli.CliException;
import dev.skep.cli.SkepCommand;
import dev.skep.cli.job.submit.ClusterIds;
import dev.skep.cli.job.submit.CondorJobSpec;
import dev.skep.cli.job.submit.CondorProcess;
import dev.skep.cli.job.submit.JobOutputs;
import dev.skep.cli.job.submit.JobWaiter;
import dev.skep.cli.job.submit.NodeNames;
import dev.skep.cli.job.submit.OutputPlacement;
import dev.skep.cli.job.submit.StatusTable;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code skep job status [--write-output DIR] [CLUSTER]}: the processes of one submitted cluster (or of all of
 * them), one line each, and condor_q's summary. {@code --write-output DIR} writes the output, error and log files of
 * the processes that are done into DIR, under the file names the submit description gave them: the paths come back
 * from the server, so none of them may reach outside DIR ({@link OutputPlacement#confinedTo}).
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "List the processes of submitted HTCondor jobs")
public class JobStatusCommand extends SkepCommand {
    @Option(
            names = "--write-output",
            paramLabel = "DIR",
            description = "Write the output, error and log files of finished processes into DIR "
                    + "(by file name only: nothing is written outside DIR)")
    Path writeOutput;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CLUSTER", description = "A cluster id (default: all)")
    String cluster;

    @Override
    protected void execute() throws Exception {
        NodeNames names = new NodeNames(api());
        ZoneId zone = ZoneId.systemDefault();
        List<CondorProcess> all = new ArrayList<>();
        JobOutputs outputs = writeOutput == null
                ? null
                : new JobOutputs(api(), names, zone, OutputPlacement.confinedTo(writeOutput));
        for (Service service : services()) {
            List<CondorProcess> processes = JobWaiter.processes(api(), service);
            if (outputs != null) {
                for (CondorProcess p : processes) outputs.write(service, p, null);
            }
            all.addAll(processes);
        }
        out().print(StatusTable.render(all, names, zone));
        out().flush();
    }

    private List<Service> services() {
        if (cluster == null) {
            return api().services(Filters.empty().add("label", CondorJobSpec.CLUSTER_LABEL), false).stream()
                    .filter(s -> ClusterIds.clusterOf(s) > 0)
                    .sorted(Comparator.comparingLong(ClusterIds::clusterOf))
                    .toList();
        }
        String name = cluster.startsWith(CondorJobSpec.NAME_PREFIX) ? cluster : CondorJobSpec.NAME_PREFIX + cluster;
        try {
            return List.of(api().service(name));
        } catch (ApiException e) {
            if (e.status() == 404) throw new CliException("no such cluster: " + cluster);
            throw e;
        }
    }
}
