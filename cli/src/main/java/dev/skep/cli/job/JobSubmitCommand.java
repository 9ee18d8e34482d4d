package dev.skep.cli.job;

import dev.skep.api.errors.ApiException;
import dev.skep.api.filters.Filters;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceSpec;
import dev.skep.cli.CliException;
import dev.skep.cli.SkepCommand;
import dev.skep.cli.job.submit.ClusterIds;
import dev.skep.cli.job.submit.CondorJobSpec;
import dev.skep.cli.job.submit.CondorProcess;
import dev.skep.cli.job.submit.JobOutputs;
import dev.skep.cli.job.submit.JobWaiter;
import dev.skep.cli.job.submit.NodeNames;
import dev.skep.cli.job.submit.ProcessState;
import dev.skep.cli.job.submit.SubmitDescription;
import dev.skep.cli.job.submit.SubmitFileParser;
import dev.skep.cli.job.submit.UserLog;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code skep job submit [--wait] FILE}: runs an HTCondor docker-universe submit description as a replicated job
 * ({@code condor-<cluster>}), printing what condor_submit prints. With {@code --wait} it waits for every process and
 * writes their output, error and log files next to the submit file.
 */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        description = "Submit an HTCondor docker-universe submit description as a replicated job")
public class JobSubmitCommand extends SkepCommand {
    private static final int NAME_RACES = 5;

    @Option(
            names = "--wait",
            description = "Wait for all processes to finish, then write their output, error and log files")
    boolean await;

    @Option(
            names = "--max-concurrent",
            paramLabel = "N",
            description = "Run at most N processes at once (default: all)")
    Long maxConcurrent;

    @Parameters(index = "0", paramLabel = "FILE", description = "The submit description")
    Path file;

    @Override
    protected void execute() throws Exception {
        if (maxConcurrent != null && maxConcurrent < 1) throw new CliException("--max-concurrent must be at least 1");
        SubmitDescription d =
                SubmitFileParser.parse(read(file), file.getFileName().toString());
        d.notes().forEach(n -> err().println("NOTE: " + n));
        out().println("Submitting job(s)" + ".".repeat(d.queueCount()));
        Service service = create(d);
        long cluster = ClusterIds.clusterOf(service);
        out().println(d.queueCount() + " job(s) submitted to cluster " + cluster + ".");
        logSubmitted(service, d.queueCount());
        if (await) awaitAndWrite(service);
    }

    private static String read(Path file) throws IOException {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new CliException("ERROR: Can't open \"" + file + "\"  with flags 00 (No such file or directory)");
        }
    }

    /**
     * The job's files are written where the submit description said, never where the server's answer says: an
     * answer naming other output, error or log paths is refused.
     */
    private static Service sameFilePaths(ServiceSpec sent, Service answered) {
        for (String label : List.of(CondorJobSpec.OUTPUT_LABEL, CondorJobSpec.ERROR_LABEL, CondorJobSpec.LOG_LABEL)) {
            String mine = sent.labels() == null ? null : sent.labels().get(label);
            Map<String, String> theirs =
                    answered.spec() == null ? null : answered.spec().labels();
            if (!Objects.equals(mine, theirs == null ? null : theirs.get(label))) {
                throw new CliException("the server answered another " + label + " path than the one submitted: "
                        + "refusing to write the job's files there");
            }
        }
        return answered;
    }

    /** Creates the service under the next free cluster id; a concurrent submit taking the same id means retry. */
    private Service create(SubmitDescription d) {
        Path dir = file.toAbsolutePath().getParent();
        for (int attempt = 1; ; attempt++) {
            List<Service> existing = api().services(Filters.empty(), false);
            long cluster = ClusterIds.next(existing);
            ServiceSpec spec = CondorJobSpec.serviceSpec(d, cluster, maxConcurrent, dir);
            try {
                String id = api().createService(spec).path("ID").asText();
                return sameFilePaths(spec, api().service(id));
            } catch (ApiException e) {
                if (e.status() != 409 || attempt == NAME_RACES) throw e;
            }
        }
    }

    private void logSubmitted(Service service, int processes) throws IOException {
        String log = service.spec().labels().get(CondorJobSpec.LOG_LABEL);
        if (log == null) return;
        long cluster = ClusterIds.clusterOf(service);
        String host = localHost();
        for (int p = 0; p < processes; p++) {
            Path path = Path.of(log.replace(CondorJobSpec.PROCESS_MACRO, Integer.toString(p)));
            new UserLog(path, ZoneId.systemDefault()).submitted(cluster, p, Instant.now(), host);
        }
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException unresolvable) {
            // the job is already submitted: a log line without our host name is no reason to fail
            return "localhost";
        }
    }

    /** Waits, writes every process's files, and fails (exit 1) when some process is held. */
    private void awaitAndWrite(Service service) throws Exception {
        JobWaiter waiter = new JobWaiter(api(), Duration.ofMillis(500));
        List<CondorProcess> done = waiter.awaitDone(service);
        JobOutputs outputs = new JobOutputs(api(), new NodeNames(api()), ZoneId.systemDefault());
        for (CondorProcess p : done) outputs.write(service, p, waiter.startedAt(p.process()));
        List<String> held = done.stream()
                .filter(p -> p.state() == ProcessState.HELD)
                .map(CondorProcess::id)
                .toList();
        if (!held.isEmpty()) throw new CliException("Held (failed): " + String.join(" ", held));
        out().println("All jobs done.");
    }
}
