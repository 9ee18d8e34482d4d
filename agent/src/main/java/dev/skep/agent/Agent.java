package dev.skep.agent;

import dev.skep.agent.exec.ExecException;
import dev.skep.agent.exec.Executor;
import dev.skep.agent.secrets.SecretStore;
import dev.skep.api.dispatcher.Assignments;
import dev.skep.api.dispatcher.Dispatcher;
import dev.skep.api.dispatcher.NetworkView;
import dev.skep.api.dispatcher.Session;
import dev.skep.api.model.Node;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.time.Timer;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's agent (SwarmKit's {@code agent/agent.go} and {@code session.go}): keeps a session with the dispatcher
 * alive by heartbeats, re-opens it when the dispatcher forgets it, and hands the assignment stream to the
 * {@link Worker}, which runs one task manager per task on virtual threads.
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(5);
    static final Duration REOPEN_DELAY = Duration.ofSeconds(1);

    private final String nodeId;
    private final Dispatcher dispatcher;
    private final Executor executor;
    private final Timer timer;
    private final ExecutorService pool = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("skep-task-", 0).factory());
    private final StatusReporter reporter;
    private final Worker worker;
    private final ReentrantLock lock = new ReentrantLock();
    private Session session;
    private Timer.Cancellable pendingTimer;
    private volatile long generation;
    private volatile long lastSequence = -1;
    private boolean running;
    private volatile Consumer<NetworkView> networkViews = view -> {};
    private final SecretStore secrets = new SecretStore();

    public Agent(String nodeId, Dispatcher dispatcher, Executor executor, Timer timer) {
        this.nodeId = nodeId;
        this.dispatcher = dispatcher;
        this.executor = executor;
        this.timer = timer;
        this.reporter = new StatusReporter(dispatcher, timer);
        this.worker = new Worker(nodeId, executor, reporter, timer, pool, secrets);
    }

    /** The secrets and configs the dispatcher gave this node, in memory (the executor reads them for its tasks). */
    public SecretStore secrets() {
        return secrets;
    }

    /** Where the node's network views from the dispatcher go (set before {@link #start}). */
    public void onNetworkView(Consumer<NetworkView> listener) {
        this.networkViews = listener == null ? view -> {} : listener;
    }

    /** Opens the session; if the dispatcher is not reachable, keeps trying in the background. */
    public void start() {
        lock.lock();
        try {
            if (running) return;
            running = true;
        } finally {
            lock.unlock();
        }
        openSession();
    }

    /** Closes the session and stops the task managers; containers keep running for the next agent to adopt. */
    public void stop() {
        lock.lock();
        Session old;
        try {
            if (!running) return;
            running = false;
            generation++;
            old = session;
            session = null;
            if (pendingTimer != null) pendingTimer.cancel();
        } finally {
            lock.unlock();
        }
        closeQuietly(old);
        reporter.close();
        worker.close();
        pool.shutdown();
    }

    @Override
    public void close() {
        stop();
    }

    public String nodeId() {
        return nodeId;
    }

    /** The current session's ID, or null while there is none. */
    public String sessionId() {
        lock.lock();
        try {
            return session == null ? null : session.id();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The dispatcher reports that this session's stream ended (its manager went away or lost the lead):
     * open a new session now instead of at the next failed heartbeat. Stale IDs are ignored.
     */
    public void sessionLost(String sessionId) {
        long gen;
        lock.lock();
        try {
            if (!running || session == null || !session.id().equals(sessionId)) return;
            gen = generation;
        } finally {
            lock.unlock();
        }
        runOnPool(() -> reopen(gen));
    }

    /** The status this agent last observed for a task, or null when the task is not assigned here. */
    public TaskStatus taskStatus(String taskId) {
        return worker.status(taskId);
    }

    public int taskCount() {
        return worker.taskCount();
    }

    private void openSession() {
        Node.Description description = describe();
        long gen;
        lock.lock();
        try {
            if (!running) return;
            gen = ++generation;
            lastSequence = -1;
        } finally {
            lock.unlock();
        }
        Session opened;
        try {
            opened = dispatcher.session(nodeId, description, message -> onAssignments(gen, message));
        } catch (RuntimeException e) {
            LOG.warn("node {}: opening a session failed, retrying in {}: {}", nodeId, REOPEN_DELAY, e.getMessage());
            schedule(gen, REOPEN_DELAY, this::openSession);
            return;
        }
        lock.lock();
        try {
            if (gen != generation) {
                closeQuietly(opened);
                return;
            }
            session = opened;
        } finally {
            lock.unlock();
        }
        LOG.info("node {}: session {} open", nodeId, opened.id());
        reporter.session(opened.id());
        schedule(gen, period(opened), () -> heartbeat(gen));
    }

    private Node.Description describe() {
        try {
            return executor.describe();
        } catch (ExecException | RuntimeException e) {
            LOG.warn("node {}: describing the node failed: {}", nodeId, e.getMessage());
            return new Node.Description(null, null, null, null, null);
        }
    }

    private void heartbeat(long gen) {
        Session current;
        lock.lock();
        try {
            if (gen != generation || session == null) return;
            current = session;
        } finally {
            lock.unlock();
        }
        try {
            dispatcher.heartbeat(current.id());
        } catch (RuntimeException e) {
            // "session invalid" (the dispatcher restarted or declared this node down) or the manager is gone.
            LOG.warn("node {}: heartbeat failed, re-opening the session: {}", nodeId, e.getMessage());
            reopen(gen);
            return;
        }
        schedule(gen, period(current), () -> heartbeat(gen));
    }

    private void reopen(long gen) {
        Session old;
        lock.lock();
        try {
            if (gen != generation || !running) return;
            old = session;
            session = null;
        } finally {
            lock.unlock();
        }
        reporter.session(null);
        closeQuietly(old);
        openSession();
    }

    private void onAssignments(long gen, Assignments message) {
        if (gen != generation) return;
        long last = lastSequence;
        lastSequence = message.sequence();
        if (message.type() == Assignments.Type.INCREMENTAL && last >= 0 && message.sequence() != last + 1) {
            // A message went missing: start over with a new session and its COMPLETE set.
            LOG.warn("node {}: assignment gap ({} after {}), re-opening the session", nodeId, message.sequence(), last);
            pool.execute(() -> reopen(gen));
            return;
        }
        if (message.networks() != null) {
            try {
                networkViews.accept(message.networks());
            } catch (RuntimeException e) {
                LOG.warn("node {}: network view not taken: {}", nodeId, e.toString());
            }
        }
        worker.assign(message);
    }

    private void schedule(long gen, Duration delay, Runnable action) {
        lock.lock();
        try {
            if (gen != generation || !running) return;
            pendingTimer = timer.after(delay, () -> runOnPool(action));
        } finally {
            lock.unlock();
        }
    }

    private void runOnPool(Runnable action) {
        try {
            pool.execute(action);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopped meanwhile
        }
    }

    private static Duration period(Session s) {
        Duration p = s.heartbeatPeriod();
        return p == null || p.isZero() || p.isNegative() ? DEFAULT_HEARTBEAT : p;
    }

    private static void closeQuietly(Session s) {
        if (s == null) return;
        try {
            s.close();
        } catch (RuntimeException e) {
            LOG.debug("closing session failed: {}", e.getMessage());
        }
    }
}
