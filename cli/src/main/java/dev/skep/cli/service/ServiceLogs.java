package dev.skep.cli.service;

import com.github.dockerjava.transport.DockerHttpClient;
import dev.skep.api.errors.ApiException;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.stdcopy.StdCopy;
import dev.skep.cli.CliException;
import dev.skep.cli.SkepCommand;
import dev.skep.cli.client.Query;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skep service logs SERVICE|TASK}: the multiplexed log stream, each line prefixed with its task. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Fetch the logs of a service or task")
public class ServiceLogs extends SkepCommand {
    @Option(
            names = {"-f", "--follow"},
            description = "Follow log output")
    boolean follow;

    @Option(
            names = {"-n", "--tail"},
            defaultValue = "all",
            description = "Number of lines to show from the end of the logs")
    String tail;

    @Option(
            names = {"-t", "--timestamps"},
            description = "Show timestamps")
    boolean timestamps;

    @Option(names = "--since", description = "Show logs since timestamp or relative (e.g. 42m)")
    String since;

    @Option(names = "--details", description = "Show extra details provided to logs")
    boolean details;

    @Option(names = "--no-task-ids", description = "Do not include task IDs in output")
    boolean noTaskIds;

    @Option(names = "--no-trunc", description = "Do not truncate output")
    boolean noTrunc;

    @Option(names = "--no-resolve", description = "Do not map IDs to Names in output")
    boolean noResolve;

    @Option(names = "--raw", description = "Do not neatly format logs")
    boolean raw;

    @Parameters(index = "0", paramLabel = "SERVICE|TASK")
    String target;

    @Override
    protected void execute() throws Exception {
        boolean tty;
        int maxLength = 1;
        boolean isTask = false;
        try {
            Service service = api().service(target);
            tty = service.spec().taskTemplate() != null
                    && service.spec().taskTemplate().containerSpec() != null
                    && Boolean.TRUE.equals(
                            service.spec().taskTemplate().containerSpec().tty());
            var mode = service.spec().mode();
            if (mode != null && mode.replicated() != null && mode.replicated().replicas() != null) {
                maxLength = Long.toString(mode.replicated().replicas()).length();
            }
        } catch (ApiException e) {
            if (e.status() != 404) throw e;
            Task task;
            try {
                task = api().task(target);
            } catch (ApiException te) {
                if (te.status() == 404) throw new CliException("no such task or service: " + target);
                throw te;
            }
            tty = task.spec() != null
                    && task.spec().containerSpec() != null
                    && Boolean.TRUE.equals(task.spec().containerSpec().tty());
            maxLength = Long.toString(task.slotNumber()).length();
            isTask = true;
        }
        if (tty && !raw) throw new CliException("tty service logs only supported with --raw");
        Query q = Query.of("stdout", "1").with("stderr", "1");
        if (since != null) q.with("since", since);
        if (timestamps) q.with("timestamps", "1");
        if (details || !raw) q.with("details", "1");
        if (follow) q.with("follow", "1");
        q.with("tail", tail);
        try (DockerHttpClient.Response response = isTask ? api().taskLogs(target, q) : api().serviceLogs(target, q)) {
            InputStream body = response.getBody();
            if (tty) {
                body.transferTo(out());
                out().flush();
                return;
            }
            LogLineFormatter formatter = raw
                    ? null
                    : new LogLineFormatter(
                            timestamps,
                            noTaskIds,
                            noTrunc,
                            details,
                            maxLength,
                            new IdResolver(api(), noResolve),
                            this::taskOrNull);
            copy(body, formatter, out(), err());
        }
    }

    /** Writes each frame to stdout or stderr, formatted with its task prefix unless raw. */
    public static void copy(InputStream body, LogLineFormatter formatter, PrintStream out, PrintStream err)
            throws IOException {
        StdCopy.demultiplex(body, (stream, payload) -> {
            PrintStream target = stream == StdCopy.STDERR ? err : out;
            String text = new String(payload, StandardCharsets.UTF_8);
            if (formatter == null) {
                target.print(text);
            } else {
                for (String line : text.split("(?<=\n)")) {
                    if (!line.isEmpty()) target.print(formatter.format(line));
                }
            }
            target.flush();
        });
    }

    private Task taskOrNull(String id) {
        try {
            return api().task(id);
        } catch (ApiException e) {
            return null;
        }
    }
}
