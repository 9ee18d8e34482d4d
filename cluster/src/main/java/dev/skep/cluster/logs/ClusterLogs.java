package dev.skep.cluster.logs;

import dev.skep.api.dispatcher.LogSource;
import dev.skep.api.dispatcher.LogSource.LogOptions;
import dev.skep.api.model.Task;
import dev.skep.store.MemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code docker service logs} across the cluster: the lines of tasks wherever they run. Blocks until every
 * task's log has ended (or, when following, until the sink says stop or the calling thread is interrupted).
 * Following a whole service ({@link #followService}) also reads the tasks it gets later.
 * Tasks on nodes that are not connected are skipped: the answer says why the stream is incomplete.
 */
public interface ClusterLogs {
    /** Returns why some logs could not be read (e.g. "node X is not available"), empty when none were missed. */
    List<String> logs(List<Task> tasks, LogOptions options, TaskLogSink sink) throws InterruptedException;

    /**
     * {@code docker service logs --follow}: a following subscription that reads the service's tasks and, watching
     * {@code store}, those that get a container later, until the calling thread is interrupted (the client went
     * away) or the service is removed. Returns why some logs could not be read.
     *
     * @param onFollow told of each task before its first line is read
     */
    default List<String> followService(
            MemoryStore store, String serviceId, LogOptions options, TaskLogSink sink, Consumer<Task> onFollow)
            throws InterruptedException {
        return new FollowedServiceLogs(this, options, sink, onFollow).run(store, serviceId);
    }

    /** Receives lines of several tasks, one call at a time; returns false to stop. stream is 1 or 2. */
    interface TaskLogSink {
        boolean line(String taskId, int stream, byte[] line);
    }

    /** Reads every task through one node's source, a thread per task (a node alone, tests). */
    static ClusterLogs local(LogSource source) {
        return (tasks, options, sink) -> {
            Object lock = new Object();
            List<Thread> readers = new ArrayList<>();
            for (Task task : tasks) {
                LogSource.LogSink one = (stream, line) -> {
                    synchronized (lock) {
                        return sink.line(task.id(), stream, line);
                    }
                };
                readers.add(Thread.ofVirtual().name("logs-" + task.id()).start(() -> {
                    try {
                        source.logs(task, options, one);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        // One task's log failing (its container gone) must not end the others.
                    }
                }));
            }
            try {
                for (Thread t : readers) t.join();
            } finally {
                readers.forEach(Thread::interrupt);
            }
            return List.of();
        };
    }
}
