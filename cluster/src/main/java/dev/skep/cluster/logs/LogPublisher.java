package dev.skep.cluster.logs;

import dev.skep.api.dispatcher.LogSource;
import dev.skep.api.model.Task;
import dev.skep.cluster.logs.LogsProtocol.LogLine;
import dev.skep.cluster.logs.LogsProtocol.PublishRequest;
import dev.skep.cluster.logs.LogsProtocol.PublishResponse;
import dev.skep.cluster.logs.LogsProtocol.Subscription;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Serves one log subscription on the agent: a virtual thread per task reads its container's log through the
 * node's {@link LogSource} into a bounded queue (a slow subscriber slows the readers), and one sender
 * publishes what is queued in batches, each task's end after its lines. Stops when the broker says the
 * subscription is gone or cannot be reached.
 */
final class LogPublisher {
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** Bounds one batch well below gRPC's 4 MiB message limit (lines travel base64-encoded in JSON). */
    static final int BATCH_BYTES = 512 * 1024;

    private static final int QUEUE_LINES = 1024;

    private final Subscription subscription;
    private final LogSource source;
    private final ManagedChannel channel;
    private final Runnable onEnd;
    /** Lines, and a task's end as a line without bytes. */
    private final BlockingQueue<LogLine> queue = new ArrayBlockingQueue<>(QUEUE_LINES);

    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;

    LogPublisher(Subscription subscription, LogSource source, ManagedChannel channel, Runnable onEnd) {
        this.subscription = subscription;
        this.source = source;
        this.channel = channel;
        this.onEnd = onEnd;
    }

    void start() {
        List<Task> tasks = subscription.tasks() == null ? List.of() : subscription.tasks();
        for (Task task : tasks) {
            threads.add(Thread.ofVirtual().name("log-read-" + task.id()).start(() -> read(task)));
        }
        threads.add(Thread.ofVirtual().name("log-publish-" + subscription.id()).start(() -> send(tasks.size())));
    }

    void stop() {
        stopped = true;
        threads.forEach(Thread::interrupt);
    }

    private void read(Task task) {
        try {
            source.logs(task, subscription.options(), (stream, line) -> enqueue(new LogLine(task.id(), stream, line)));
        } catch (InterruptedException e) {
            return;
        } catch (RuntimeException e) {
            // The container is gone or the engine failed: this task's log ends here.
        }
        enqueue(new LogLine(task.id(), 0, null));
    }

    private boolean enqueue(LogLine line) {
        try {
            while (!stopped) {
                if (queue.offer(line, 1, TimeUnit.SECONDS)) return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private void send(int tasks) {
        int open = tasks;
        try {
            while (!stopped && open > 0) {
                List<LogLine> lines = new ArrayList<>();
                List<String> done = new ArrayList<>();
                LogLine next = queue.take();
                int bytes = 0;
                while (next != null) {
                    if (next.line() == null) {
                        done.add(next.taskId());
                    } else {
                        lines.add(next);
                        bytes += next.line().length + 64;
                    }
                    next = bytes < BATCH_BYTES ? queue.poll() : null;
                }
                open -= done.size();
                if (!publish(new PublishRequest(subscription.id(), lines, done))) stop();
            }
        } catch (InterruptedException e) {
            // stopped
        } finally {
            stop();
            onEnd.run();
        }
    }

    /** False when the subscription is over for this node. */
    private boolean publish(PublishRequest request) {
        try {
            PublishResponse r = ClientCalls.blockingUnaryCall(
                    channel,
                    LogsProtocol.PUBLISH,
                    CallOptions.DEFAULT.withDeadlineAfter(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                    request);
            return r != null && !r.stop();
        } catch (StatusRuntimeException e) {
            return false;
        }
    }
}
