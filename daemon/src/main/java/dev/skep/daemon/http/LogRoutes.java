package dev.skep.daemon.http;

import dev.skep.api.dispatcher.LogSource;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.stdcopy.StdCopy;
import dev.skep.cluster.logs.ClusterLogs;
import dev.skep.daemon.LocalNode;
import dev.skep.manager.controlapi.ServiceApi;
import dev.skep.manager.controlapi.TaskApi;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /services/{id}/logs} and {@code GET /tasks/{id}/logs}: reads the tasks' lines from the nodes that
 * run them ({@link ClusterLogs}, the leader's log broker) and streams them until every task's log ends (or,
 * when following, until the client goes away).
 */
final class LogRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(LogRoutes.class);
    private final LocalNode node;
    private final Controls controls;

    LogRoutes(LocalNode node, Controls controls) {
        this.node = node;
        this.controls = controls;
    }

    void register(Router r) {
        r.get("/services/{id}/logs", req -> {
            var store = controls.store();
            record Target(Service service, List<Task> tasks) {}
            if (req.flag("follow")) {
                Service s = store.view(tx -> ServiceApi.resolve(tx, req.param("id")));
                return stream(
                        req,
                        tty(s),
                        (logs, options, sink, named) -> logs.followService(store, s.id(), options, sink, named));
            }
            Target t = store.view(tx -> {
                Service s = ServiceApi.resolve(tx, req.param("id"));
                return new Target(s, tx.tasksOfService(s.id()));
            });
            return stream(req, tty(t.service()), tasks(t.tasks()));
        });
        r.get("/tasks/{id}/logs", req -> {
            var store = controls.store();
            Task task = store.view(tx -> TaskApi.resolve(tx, req.param("id")));
            boolean tty = task.spec() != null
                    && task.spec().containerSpec() != null
                    && Boolean.TRUE.equals(task.spec().containerSpec().tty());
            return stream(req, tty, tasks(List.of(task)));
        });
    }

    private static boolean tty(Service s) {
        var t = s.spec().taskTemplate();
        return t != null
                && t.containerSpec() != null
                && Boolean.TRUE.equals(t.containerSpec().tty());
    }

    /** How the lines are read: which tasks, and whether later ones join (a following service subscription). */
    @FunctionalInterface
    private interface Reading {
        /** Returns why some logs could not be read; {@code named} is told of each task before its first line. */
        List<String> read(
                ClusterLogs logs, LogSource.LogOptions options, ClusterLogs.TaskLogSink sink, Consumer<Task> named)
                throws InterruptedException;
    }

    /** Reads exactly these tasks (those placed on a node), in slot order. */
    private static Reading tasks(List<Task> tasks) {
        List<Task> ordered = tasks.stream()
                .filter(t -> t.nodeID() != null && !t.nodeID().isEmpty())
                .sorted(Comparator.comparing(Task::slotNumber).thenComparing(Task::id))
                .toList();
        return (logs, options, sink, named) -> {
            ordered.forEach(named);
            return logs.logs(ordered, options, sink);
        };
    }

    private ApiResponse stream(ApiRequest req, boolean tty, Reading reading) {
        if (!req.flag("stdout") && !req.flag("stderr")) {
            throw dev.skep.api.errors.ApiException.invalid("Bad parameters: you must choose at least one stream");
        }
        LogSource.LogOptions options = new LogSource.LogOptions(
                req.flag("stdout"),
                req.flag("stderr"),
                req.flag("follow"),
                req.flag("timestamps"),
                req.query("tail") == null ? "all" : req.query("tail"),
                seconds(req.query("since")),
                seconds(req.query("until")));
        boolean details = req.flag("details");
        String type = tty ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream";
        return new ApiResponse.Stream(200, type, out -> pump(reading, options, details, tty, out));
    }

    /** Frames the lines the reading yields; this route only frames, the log broker reads. */
    private void pump(Reading reading, LogSource.LogOptions options, boolean details, boolean tty, StreamWriter out)
            throws InterruptedException {
        ClusterLogs logs = node.logs();
        // with --details each line names its task's node and service; followed tasks join while streaming
        Map<String, String> prefixes = new ConcurrentHashMap<>();
        Consumer<Task> named = t -> {
            if (details) prefixes.put(t.id(), LogFrames.details(t.nodeID(), t.serviceID(), t.id()));
        };
        ClusterLogs.TaskLogSink sink = (taskId, stream, line) -> {
            byte[] payload = LogFrames.payload(line, prefixes.get(taskId), options.timestamps());
            return out.write(tty ? payload : StdCopy.frame(stream, payload));
        };
        Thread reader = Thread.ofVirtual().name("logs").start(() -> {
            try {
                List<String> problems = reading.read(logs, options, sink, named);
                if (!problems.isEmpty()) {
                    // As Docker does: the CLI prints it after the lines ("error from daemon in stream") and exits 1.
                    byte[] payload = LogFrames.incomplete(problems);
                    out.write(tty ? payload : StdCopy.frame(StdCopy.SYSTEM_ERR, payload));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("service logs: {}", e.getMessage());
            }
        });
        out.onClose(reader::interrupt);
        reader.join();
    }

    /** Docker sends since/until as Unix seconds, possibly with a fraction. */
    private static long seconds(String v) {
        if (v == null || v.isEmpty()) return 0;
        try {
            return (long) Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw dev.skep.api.errors.ApiException.invalid("invalid since/until value '" + v + "': use Unix seconds");
        }
    }
}
