package dev.skep.cluster.logs;

import dev.skep.api.dispatcher.LogSource.LogOptions;
import dev.skep.api.model.Ids;
import dev.skep.api.model.Task;
import dev.skep.cluster.logs.ClusterLogs.TaskLogSink;
import dev.skep.cluster.logs.LogsProtocol.ListenMessage;
import dev.skep.cluster.logs.LogsProtocol.LogLine;
import dev.skep.cluster.logs.LogsProtocol.PublishRequest;
import dev.skep.cluster.logs.LogsProtocol.Subscription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's log broker: knows each connected agent's listen stream by node ID, sends a subscription to
 * every node that runs some of the asked-for tasks and routes the lines they publish to the subscriber's
 * sink. A subscription ends when every task's log ended (each node says so per task), when a node's stream
 * goes away (its tasks count as ended), or when the subscriber cancels (the nodes are told to stop).
 */
public final class LogBroker {
    private static final Logger LOG = LoggerFactory.getLogger(LogBroker.class);

    /** An agent's listen stream; sending must not block for long and may be called from any thread. */
    interface Listener {
        void send(ListenMessage message);
    }

    /** A subscription as its subscriber sees it. */
    interface Handle {
        /** Completes when the subscription ended, whatever the reason. */
        CompletableFuture<Void> finished();

        /** Stops the subscription: the nodes serving it are told to stop reading. */
        void cancel();

        /** Why some logs were missed: nodes not available or gone before their tasks' logs ended. */
        List<String> problems();
    }

    private final Map<String, Listener> listeners = new ConcurrentHashMap<>();
    private final Map<String, Sub> subs = new ConcurrentHashMap<>();

    /**
     * Registers a node's listen stream, replacing an older one of the same node. Returns what to run when
     * the stream ends: the node's tasks of open subscriptions sent through it then count as ended.
     */
    Runnable listen(String nodeId, Listener listener) {
        Listener old = listeners.put(nodeId, listener);
        if (old != null) lost(nodeId, old);
        return () -> {
            listeners.remove(nodeId, listener);
            lost(nodeId, listener);
        };
    }

    /** Nodes whose agents listen now. */
    boolean connected(String nodeId) {
        return listeners.containsKey(nodeId);
    }

    /** Starts a subscription to the tasks' logs; tasks on nodes that do not listen are skipped. */
    Handle subscribe(List<Task> tasks, LogOptions options, TaskLogSink sink) {
        Sub sub = new Sub(Ids.newId(), sink);
        Map<String, List<Task>> byNode = new LinkedHashMap<>();
        for (Task t : tasks) {
            if (t.nodeID() == null || t.nodeID().isEmpty()) continue;
            byNode.computeIfAbsent(t.nodeID(), n -> new ArrayList<>()).add(t);
        }
        Map<String, Listener> targets = new LinkedHashMap<>();
        synchronized (sub) {
            for (var e : byNode.entrySet()) {
                Listener l = listeners.get(e.getKey());
                if (l == null) {
                    LOG.warn(
                            "logs: node {} is not connected, skipping its {} task(s)",
                            e.getKey(),
                            e.getValue().size());
                    sub.problems.add("node " + e.getKey() + " is not available");
                    continue;
                }
                targets.put(e.getKey(), l);
                sub.via.put(e.getKey(), l);
                for (Task t : e.getValue()) sub.pending.put(t.id(), e.getKey());
            }
        }
        subs.put(sub.id, sub);
        for (var e : targets.entrySet()) {
            try {
                e.getValue().send(new ListenMessage(new Subscription(sub.id, byNode.get(e.getKey()), options), null));
            } catch (RuntimeException ex) {
                sub.lost(e.getKey(), e.getValue());
            }
        }
        sub.finishIfDone();
        return sub;
    }

    /**
     * Lines and ended tasks a node published; only lines of that node's own tasks of the subscription count.
     * Returns false when the subscription is gone, so the node stops reading.
     */
    boolean publish(String nodeId, PublishRequest request) {
        Sub sub = request.subscriptionId() == null ? null : subs.get(request.subscriptionId());
        return sub != null && sub.deliver(nodeId, request);
    }

    /** Open subscriptions, for tests and diagnostics. */
    int openSubscriptions() {
        return subs.size();
    }

    private void lost(String nodeId, Listener listener) {
        for (Sub s : subs.values()) s.lost(nodeId, listener);
    }

    private final class Sub implements Handle {
        final String id;
        private final TaskLogSink sink;
        /** Task ID → node, for tasks whose log has not ended yet. */
        final Map<String, String> pending = new HashMap<>();
        /** The listen stream each involved node got the subscription through. */
        final Map<String, Listener> via = new HashMap<>();

        final List<String> problems = new ArrayList<>();
        private final CompletableFuture<Void> finished = new CompletableFuture<>();

        Sub(String id, TaskLogSink sink) {
            this.id = id;
            this.sink = sink;
        }

        @Override
        public CompletableFuture<Void> finished() {
            return finished;
        }

        /** Delivers under the subscription's lock: the sink sees one line at a time, in each node's order. */
        synchronized boolean deliver(String nodeId, PublishRequest request) {
            if (finished.isDone()) return false;
            for (LogLine l : request.lines() == null ? List.<LogLine>of() : request.lines()) {
                if (!nodeId.equals(pending.get(l.taskId())) || l.line() == null) continue;
                if (!sink.line(l.taskId(), l.stream(), l.line())) {
                    cancel();
                    return false;
                }
            }
            for (String taskId : request.done() == null ? List.<String>of() : request.done()) {
                if (nodeId.equals(pending.get(taskId))) pending.remove(taskId);
            }
            finishIfDone();
            return !finished.isDone();
        }

        @Override
        public void cancel() {
            Map<String, Listener> told;
            synchronized (this) {
                if (!finish()) return;
                told = new HashMap<>(via);
            }
            for (Listener l : told.values()) {
                try {
                    l.send(new ListenMessage(null, id));
                } catch (RuntimeException e) {
                    // the stream is gone, and with it the node's readers
                }
            }
        }

        @Override
        public synchronized List<String> problems() {
            return List.copyOf(problems);
        }

        synchronized void lost(String nodeId, Listener listener) {
            if (via.get(nodeId) != listener) return;
            via.remove(nodeId);
            if (pending.values().removeIf(nodeId::equals) && !finished.isDone()) {
                problems.add("node " + nodeId + " disconnected unexpectedly");
            }
            finishIfDone();
        }

        synchronized void finishIfDone() {
            if (pending.isEmpty()) finish();
        }

        private boolean finish() {
            if (finished.isDone()) return false;
            subs.remove(id);
            finished.complete(null);
            return true;
        }
    }
}
