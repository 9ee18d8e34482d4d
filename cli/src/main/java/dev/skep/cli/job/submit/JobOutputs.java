package dev.skep.cli.job.submit;

import com.github.dockerjava.transport.DockerHttpClient;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.stdcopy.StdCopy;
import dev.skep.cli.client.Query;
import dev.skep.cli.client.SwarmApi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes a finished process's {@code output} and {@code error} files on the submitting machine from its task's
 * log (stdout frames to output, stderr frames to error) and its end to the {@code log} file. Paths come from the
 * service's labels (see {@link CondorJobSpec}) with {@code $(Process)} expanded, placed on this machine by an
 * {@link OutputPlacement}. Writing twice gives the same files.
 */
public final class JobOutputs {
    private final SwarmApi api;
    private final Function<String, String> hostnames;
    private final ZoneId zone;
    private final OutputPlacement placement;

    public JobOutputs(SwarmApi api, Function<String, String> hostnames, ZoneId zone) {
        this(api, hostnames, zone, OutputPlacement.asLabelled());
    }

    public JobOutputs(SwarmApi api, Function<String, String> hostnames, ZoneId zone, OutputPlacement placement) {
        this.api = api;
        this.hostnames = hostnames;
        this.zone = zone;
        this.placement = placement;
    }

    /** {@code startedAt}: when the process was seen running, if it was; else its end stands in. */
    public void write(Service service, CondorProcess p, Instant startedAt) throws IOException {
        if (!p.state().isDone() || p.task() == null) return;
        Map<String, String> labels =
                service.spec().labels() == null ? Map.of() : service.spec().labels();
        if (p.exitCode() != null)
            writeStreams(
                    p, path(labels.get(CondorJobSpec.OUTPUT_LABEL), p), path(labels.get(CondorJobSpec.ERROR_LABEL), p));
        Path log = path(labels.get(CondorJobSpec.LOG_LABEL), p);
        if (log != null) {
            Task t = p.task();
            Instant ended = t.status() == null ? null : t.status().timestamp();
            String reason = t.status() == null
                    ? null
                    : firstNonEmpty(t.status().err(), t.status().message());
            String node = p.nodeId().isEmpty() ? "" : hostnames.apply(p.nodeId());
            new UserLog(log, zone, placement.followLinks())
                    .finished(
                            p.cluster(),
                            p.process(),
                            node,
                            startedAt == null ? ended : startedAt,
                            ended,
                            p.exitCode(),
                            reason);
        }
    }

    private void writeStreams(CondorProcess p, Path output, Path error) throws IOException {
        if (output == null && error == null) return;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Query q = Query.of("stdout", "1").with("stderr", "1");
        try (DockerHttpClient.Response response = api.taskLogs(p.task().id(), q)) {
            InputStream body = response.getBody();
            StdCopy.demultiplex(body, (stream, payload) -> (stream == StdCopy.STDERR ? stderr : stdout).write(payload));
        }
        if (output != null) writeFile(output, stdout.toByteArray());
        if (error != null) writeFile(error, stderr.toByteArray());
    }

    private void writeFile(Path file, byte[] bytes) throws IOException {
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        if (placement.followLinks()) {
            Files.write(file, bytes);
        } else {
            Files.write(
                    file,
                    bytes,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        }
    }

    private Path path(String label, CondorProcess p) {
        if (label == null || label.isEmpty()) return null;
        return placement.place(Macros.expand(label, Long.toString(p.cluster()), Long.toString(p.process())));
    }

    private static String firstNonEmpty(String a, String b) {
        return a != null && !a.isEmpty() ? a : b;
    }
}
