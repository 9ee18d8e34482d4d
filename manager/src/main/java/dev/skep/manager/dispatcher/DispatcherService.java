package dev.skep.manager.dispatcher;

import dev.skep.api.dispatcher.AssignmentListener;
import dev.skep.api.dispatcher.Dispatcher;
import dev.skep.api.dispatcher.Session;
import dev.skep.api.dispatcher.StatusUpdate;
import dev.skep.api.model.Cluster;
import dev.skep.api.model.Ids;
import dev.skep.api.model.Node;
import dev.skep.api.model.Task;
import dev.skep.api.time.Timer;
import dev.skep.manager.EventLoop;
import dev.skep.manager.Loop;
import dev.skep.manager.networkview.NetworkViews;
import dev.skep.store.Event;
import dev.skep.store.Kind;
import dev.skep.store.MemoryStore;
import dev.skep.store.ReadTx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager side of the agent protocol (SwarmKit's dispatcher): node sessions and heartbeats, the
 * assignment streams, and batched task status reports. Node status writes go through one writer thread so
 * "ready" and "down" land in the order they were decided.
 */
public final class DispatcherService implements Dispatcher, Loop {
    private static final Logger LOG = LoggerFactory.getLogger(DispatcherService.class);
    public static final Duration DEFAULT_HEARTBEAT_PERIOD = Duration.ofSeconds(5);
    /** A node is down after this many heartbeat periods without one. */
    static final int GRACE_MULTIPLIER = 3;
    /** Nodes found "ready" at start (we were not the leader) get twice as long to reconnect. */
    static final int UNKNOWN_GRACE_MULTIPLIER = 6;
    /**
     * Assignment changes wait this long to be sent together, or until there are {@link #BATCH_LIMIT}. Short: the
     * store already hands over a whole commit's events at once (e.g. all tasks one scheduler pass assigned), so a
     * longer wait only adds latency to every task's start.
     */
    static final Duration BATCH_WAIT = Duration.ofMillis(10);

    static final int BATCH_LIMIT = 100;
    static final String HEARTBEAT_FAILURE = "heartbeat failure";
    /** SwarmKit's answer to a session from a node the store does not have (it was removed, or never joined). */
    public static final String NODE_NOT_REGISTERED = "node not registered";

    static final String UNKNOWN_MESSAGE = "Node moved to \"unknown\" state due to leadership change in cluster";
    static final String UNKNOWN_FAILURE = "heartbeat failure for node in \"unknown\" state";

    private final MemoryStore store;
    private final Timer timer;
    private final Map<String, NodeSession> sessionsById = new ConcurrentHashMap<>();
    private final Map<String, NodeSession> sessionsByNode = new ConcurrentHashMap<>();
    private volatile boolean running;
    private ExecutorService writer;
    private StatusBatcher statuses;
    private Router router;
    /** Writes queued for or running on the writer thread. */
    private final AtomicInteger writes = new AtomicInteger();

    private NetworkViewPublisher networkViews;

    public DispatcherService(MemoryStore store, Timer timer) {
        this.store = store;
        this.timer = timer;
    }

    // ---- Loop -------------------------------------------------------------------------------------------

    @Override
    public synchronized void start() {
        if (running) return;
        writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "skep-dispatcher");
            t.setDaemon(true);
            return t;
        });
        statuses = new StatusBatcher(store, timer, this::write);
        networkViews = new NetworkViewPublisher(store, timer, BATCH_WAIT, () -> List.copyOf(sessionsById.values()));
        running = true;
        router = new Router();
        router.start();
        write(this::markNodesUnknown);
    }

    @Override
    public synchronized void stop() {
        if (!running) return;
        running = false;
        router.stop();
        networkViews.stop();
        for (NodeSession s : new ArrayList<>(sessionsById.values())) s.shutdown(true);
        sessionsById.clear();
        sessionsByNode.clear();
        statuses.cancel();
        writer.shutdownNow();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * True when every committed change so far has been routed to the sessions and every node or task status
     * write queued so far is done (for tests and diagnostics).
     */
    public boolean isIdle() {
        Router r = router;
        return writes.get() == 0 && (r == null || r.isIdle());
    }

    /** IDs of the nodes that have a session with this dispatcher now. */
    public Set<String> connectedNodes() {
        return new TreeSet<>(sessionsByNode.keySet());
    }

    // ---- sessions ---------------------------------------------------------------------------------------

    @Override
    public Session session(String nodeId, Node.Description description, AssignmentListener listener) {
        return session(nodeId, description, null, listener);
    }

    /**
     * Opens a session; {@code addr} is the address the node is reached at (kept from the last session when
     * null). Returns after the node is marked ready and the COMPLETE assignments were delivered.
     */
    public Session session(String nodeId, Node.Description description, String addr, AssignmentListener listener) {
        requireRunning();
        Duration period = heartbeatPeriod();
        NodeSession session = new NodeSession(Ids.newId(), nodeId, listener, period, this, timer);
        NodeSession previous = sessionsByNode.put(nodeId, session);
        sessionsById.put(session.id(), session);
        if (previous != null) {
            previous.shutdown(true);
            sessionsById.remove(previous.id());
        }
        try {
            onWriter(() -> markReady(nodeId, description, addr));
        } catch (RuntimeException e) {
            forget(session);
            throw e;
        }
        session.armExpiry(period.multipliedBy(GRACE_MULTIPLIER), g -> expire(session, g));
        store.view(tx -> {
            List<Task> tasks = tx.tasksOfNode(nodeId);
            session.snapshot(tasks, tx.index(), NetworkViews.forNode(tx, nodeId), TaskDependencies.of(tx, tasks));
            return null;
        });
        session.sendComplete(); // outside the store's lock: the listener may call back into the manager
        return session;
    }

    @Override
    public void heartbeat(String sessionId) {
        NodeSession s = running ? sessionsById.get(sessionId) : null;
        if (s == null || !s.heartbeat(GRACE_MULTIPLIER, g -> expire(s, g))) {
            throw new IllegalStateException("session invalid");
        }
    }

    @Override
    public void updateTaskStatus(String sessionId, List<StatusUpdate> updates) {
        updateTaskStatusCommitted(sessionId, updates);
    }

    @Override
    public CompletableFuture<Void> updateTaskStatusCommitted(String sessionId, List<StatusUpdate> updates) {
        NodeSession s = running ? sessionsById.get(sessionId) : null;
        if (s == null) throw new IllegalStateException("session invalid");
        if (updates == null || updates.isEmpty()) return CompletableFuture.completedFuture(null);
        return statuses.add(s.nodeId(), updates);
    }

    /** Called by {@link NodeSession#close}: the stream ends, the heartbeat deadline stays. */
    void closed(NodeSession s) {
        s.shutdown(false);
        sessionsById.remove(s.id(), s);
    }

    private void forget(NodeSession s) {
        s.shutdown(true);
        sessionsById.remove(s.id(), s);
        sessionsByNode.remove(s.nodeId(), s);
    }

    /** The heartbeat deadline passed (timer thread): the node goes down unless a newer session exists. */
    private void expire(NodeSession s, long generation) {
        if (!running) return;
        write(() -> {
            if (!s.expired(generation)) return;
            forget(s);
            if (!sessionsByNode.containsKey(s.nodeId())) markNotReady(s.nodeId(), null, HEARTBEAT_FAILURE);
        });
    }

    // ---- node status (writer thread) --------------------------------------------------------------------

    private void markReady(String nodeId, Node.Description description, String addr) {
        store.updateWithRetry(5, tx -> {
            Node node = tx.nodes().get(nodeId);
            // A node exists from its join on (the CA records it); one that is missing was removed, and comes back
            // only by joining again (SwarmKit's ErrNodeNotRegistered).
            if (node == null) throw new IllegalStateException(NODE_NOT_REGISTERED);
            String keptAddr = addr != null
                    ? addr
                    : node.status() == null ? null : node.status().addr();
            Node.Description d =
                    description != null ? keepTlsInfo(description, node.description()) : node.description();
            tx.update(node.withDescription(d).withStatus(new Node.Status("ready", null, keptAddr)));
        });
    }

    /** A session that does not say its TLSInfo keeps the one recorded (the leader records it from role checks). */
    private static Node.Description keepTlsInfo(Node.Description given, Node.Description stored) {
        if (given.tlsInfo() != null || stored == null || stored.tlsInfo() == null) return given;
        return new Node.Description(
                given.hostname(), given.platform(), given.resources(), given.engine(), stored.tlsInfo());
    }

    /** Marks a node down unless it has a session again (or, with {@code onlyFrom}, left that state). */
    private void markNotReady(String nodeId, String onlyFrom, String message) {
        try {
            store.updateWithRetry(5, tx -> {
                if (sessionsByNode.containsKey(nodeId)) return; // it came back meanwhile
                Node node = tx.nodes().get(nodeId);
                if (node == null) return;
                String state = node.status() == null ? null : node.status().state();
                if (onlyFrom != null && !onlyFrom.equals(state)) return;
                String addr = node.status() == null ? null : node.status().addr();
                tx.update(node.withStatus(new Node.Status("down", message, addr)));
            });
        } catch (RuntimeException e) {
            LOG.warn("could not mark node {} down", nodeId, e);
        }
    }

    /**
     * After a (re)start nothing is known about nodes that were up: they move to "unknown" and go down
     * unless they open a session within {@link #UNKNOWN_GRACE_MULTIPLIER} heartbeat periods.
     */
    private void markNodesUnknown() {
        try {
            Duration grace = heartbeatPeriod().multipliedBy(UNKNOWN_GRACE_MULTIPLIER);
            List<String> marked = new ArrayList<>();
            store.batch(tx -> {
                marked.clear();
                for (Node n : tx.nodes().all()) {
                    if (sessionsByNode.containsKey(n.id())) continue;
                    if (n.status() != null && "down".equals(n.status().state())) continue;
                    String addr = n.status() == null ? null : n.status().addr();
                    tx.update(n.withStatus(new Node.Status("unknown", UNKNOWN_MESSAGE, addr)));
                    marked.add(n.id());
                }
            });
            for (String id : marked) {
                timer.after(grace, () -> {
                    if (running)
                        write(() -> {
                            if (!sessionsByNode.containsKey(id)) markNotReady(id, "unknown", UNKNOWN_FAILURE);
                        });
                });
            }
        } catch (RuntimeException e) {
            LOG.warn("could not mark nodes unknown", e);
        }
    }

    /** Queues work for the writer thread, counted until it is done so that {@link #isIdle} covers it. */
    private Future<?> write(Runnable work) {
        writes.incrementAndGet();
        try {
            return writer.submit(() -> {
                try {
                    work.run();
                } finally {
                    writes.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            writes.decrementAndGet();
            throw e;
        }
    }

    private void onWriter(Runnable work) {
        Future<?> f = write(work);
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        }
    }

    // ---- assignment events ------------------------------------------------------------------------------

    /**
     * Routes committed changes to the sessions: task changes to the streams of the nodes they leave and join,
     * network-relevant ones to the network views, cluster changes to the heartbeat periods. It subscribes when the
     * dispatcher starts, so a session opened after that sees every change past its snapshot.
     */
    private final class Router extends EventLoop {
        Router() {
            super("dispatcher-events", DispatcherService.this.store, DispatcherService.this.timer);
        }

        @Override
        protected boolean interestedIn(Event e) {
            return e.kind() == Kind.TASK || e.kind() == Kind.CLUSTER || NetworkViewPublisher.relevant(e);
        }

        @Override
        protected void load(ReadTx tx) {
            // sessions read their own snapshot when they open
        }

        @Override
        protected void reconcileAll() {
            // nothing to reconcile: the routing keeps no state of its own
        }

        @Override
        protected void handle(Event e) {
            route(e);
        }
    }

    private void route(Event e) {
        if (NetworkViewPublisher.relevant(e)) networkViews.changed();
        if (e.kind() == Kind.CLUSTER) {
            clusterChanged((Cluster) e.after());
            return;
        }
        if (e.kind() != Kind.TASK) return;
        try {
            Task before = (Task) e.before();
            Task after = (Task) e.after();
            String id = e.object().id();
            String nodeBefore = before == null ? null : before.nodeID();
            String nodeAfter = after == null ? null : after.nodeID();
            if (nodeBefore != null && !nodeBefore.equals(nodeAfter)) {
                NodeSession s = sessionsByNode.get(nodeBefore);
                if (s != null) s.taskChanged(id, null, e.index());
            }
            if (nodeAfter != null) {
                NodeSession s = sessionsByNode.get(nodeAfter);
                if (s != null) s.taskChanged(id, after, e.index(), dependencies(after));
            }
        } catch (RuntimeException ex) {
            LOG.warn("could not route a task event", ex);
        }
    }

    /** The task's secrets and configs, read outside any session's lock (none for most tasks: no read then). */
    private TaskDependencies dependencies(Task t) {
        if (!TaskDependencies.any(t)) return TaskDependencies.NONE;
        return store.view(tx -> TaskDependencies.of(tx, List.of(t)));
    }

    /** The IDs of the secrets a connected node holds (for tests: a node without a task using a secret has none). */
    public Set<String> secretsHeldBy(String nodeId) {
        NodeSession s = sessionsByNode.get(nodeId);
        return s == null ? Set.of() : s.heldSecrets();
    }

    /**
     * A new {@code Dispatcher.HeartbeatPeriod} applies to the sessions already open (as in SwarmKit, where
     * every heartbeat reply carries the current period): from their next heartbeat on, agents are given the
     * new period and their deadline is three of the new periods — once they beat at the new pace (see
     * {@link NodeSession#heartbeat}).
     */
    private void clusterChanged(Cluster cluster) {
        Duration period = heartbeatPeriod(cluster);
        for (NodeSession s : sessionsById.values()) {
            if (!period.equals(s.heartbeatPeriod())) s.heartbeatPeriod(period);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    /** {@code Cluster.Spec.Dispatcher.HeartbeatPeriod}, or 5 s. */
    private Duration heartbeatPeriod() {
        return heartbeatPeriod(store.view(tx -> tx.cluster()));
    }

    static Duration heartbeatPeriod(Cluster c) {
        Long nanos = c == null || c.spec() == null || c.spec().dispatcher() == null
                ? null
                : c.spec().dispatcher().heartbeatPeriod();
        return nanos == null || nanos <= 0 ? DEFAULT_HEARTBEAT_PERIOD : Duration.ofNanos(nanos);
    }

    private void requireRunning() {
        if (!running) throw new IllegalStateException("dispatcher is not running");
    }
}
