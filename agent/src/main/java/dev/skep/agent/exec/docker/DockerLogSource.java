package dev.skep.agent.exec.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.skep.api.dispatcher.LogSource;
import dev.skep.api.model.Task;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code docker service logs} on this node: finds the task's container by its task-ID label and streams the
 * engine's log of it to the sink one line at a time (without the line end), stream 1 for stdout and 2 for stderr.
 */
public final class DockerLogSource implements LogSource {
    private final DockerClient client;

    public DockerLogSource(DockerClient client) {
        this.client = client;
    }

    public DockerLogSource(DockerExecutor executor) {
        this(executor.client());
    }

    @Override
    public void logs(Task task, LogOptions options, LogSink sink) throws InterruptedException {
        List<Container> found = client.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(SwarmLabels.TASK_ID, task.id()))
                .exec();
        if (found.isEmpty()) return;
        LineCallback callback = new LineCallback(sink);
        command(found.get(0).getId(), options).exec(callback);
        try {
            callback.done.await();
        } finally {
            callback.closeQuietly();
        }
        callback.flush();
    }

    private LogContainerCmd command(String containerId, LogOptions options) {
        LogContainerCmd cmd = client.logContainerCmd(containerId)
                .withStdOut(options.stdout())
                .withStdErr(options.stderr())
                .withFollowStream(options.follow())
                .withTimestamps(options.timestamps());
        String tail = options.tail();
        if (tail == null || tail.isEmpty() || "all".equalsIgnoreCase(tail)) cmd.withTailAll();
        else cmd.withTail(Integer.parseInt(tail.trim()));
        if (options.since() > 0) cmd.withSince((int) options.since());
        if (options.until() > 0) cmd.withUntil((int) options.until());
        return cmd;
    }

    /** Splits frames into lines per stream; a frame need not end at a line end. */
    private static final class LineCallback extends ResultCallback.Adapter<Frame> {
        private final LogSink sink;
        private final ByteArrayOutputStream[] partial = {
            new ByteArrayOutputStream(), new ByteArrayOutputStream(), new ByteArrayOutputStream()
        };
        final CountDownLatch done = new CountDownLatch(1);
        private volatile boolean stopped;

        LineCallback(LogSink sink) {
            this.sink = sink;
        }

        @Override
        public void onNext(Frame frame) {
            if (stopped) return;
            int stream = frame.getStreamType() == StreamType.STDERR ? 2 : 1;
            byte[] payload = frame.getPayload();
            ByteArrayOutputStream buf = partial[stream];
            int start = 0;
            for (int i = 0; i < payload.length; i++) {
                if (payload[i] != '\n') continue;
                buf.write(payload, start, i - start);
                if (!emit(stream, buf)) return;
                start = i + 1;
            }
            buf.write(payload, start, payload.length - start);
        }

        private boolean emit(int stream, ByteArrayOutputStream buf) {
            byte[] line = buf.toByteArray();
            buf.reset();
            if (line.length > 0 && line[line.length - 1] == '\r') line = Arrays.copyOf(line, line.length - 1);
            if (!sink.line(stream, line)) {
                stopped = true;
                done.countDown();
                return false;
            }
            return true;
        }

        /** A last line without a line end. */
        void flush() {
            for (int stream = 1; stream <= 2 && !stopped; stream++) {
                if (partial[stream].size() > 0) emit(stream, partial[stream]);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            done.countDown();
            super.onError(throwable);
        }

        @Override
        public void onComplete() {
            done.countDown();
            super.onComplete();
        }

        void closeQuietly() {
            try {
                close();
            } catch (IOException | RuntimeException e) {
                // the stream ends either way
            }
        }
    }
}
