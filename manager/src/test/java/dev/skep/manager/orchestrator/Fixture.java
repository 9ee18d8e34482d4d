package dev.skep.manager.orchestrator;

import dev.skep.api.model.ContainerSpec;
import dev.skep.api.model.Ids;
import dev.skep.api.model.Node;
import dev.skep.api.model.RestartPolicy;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceMode;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskSpec;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.model.UpdateConfig;
import dev.skep.api.time.ManualTimer;
import dev.skep.manager.EventLoop;
import dev.skep.manager.Idle;
import dev.skep.store.MemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A store on a manual clock plus the loops under test. Tests play scheduler and agent themselves by
 * writing node IDs and observed states straight into the store, then wait until every loop is idle.
 */
public final class Fixture implements AutoCloseable {
    public final ManualTimer timer = new ManualTimer();
    public final MemoryStore store = new MemoryStore(timer.clock());
    private final List<EventLoop> loops = new ArrayList<>();

    public <L extends EventLoop> L start(L loop) {
        loops.add(loop);
        loop.start();
        awaitIdle();
        return loop;
    }

    /** Waits until every loop handled everything delivered so far (their writes included). */
    public void awaitIdle() {
        Idle.await(loops.toArray(EventLoop[]::new));
    }

    /** Lets time pass once the loops are idle, then waits for what fell due. */
    public void advance(Duration d) {
        awaitIdle();
        timer.advance(d);
        awaitIdle();
    }

    @Override
    public void close() {
        loops.forEach(EventLoop::stop);
    }

    // --- nodes ---

    public Node node(String id) {
        return node(id, "ready", "active");
    }

    public Node node(String id, String state, String availability) {
        Node n = new Node(
                id,
                null,
                null,
                null,
                new Node.Spec(null, null, "worker", availability),
                new Node.Description("host-" + id, null, null, null, null),
                new Node.Status(state, null, "10.0.0.1"),
                null);
        store.update(tx -> tx.create(n));
        awaitIdle();
        return n;
    }

    public void setAvailability(String nodeId, String availability) {
        store.update(tx -> {
            Node n = tx.nodes().get(nodeId);
            tx.update(n.withSpec(
                    new Node.Spec(n.spec().name(), n.spec().labels(), n.spec().role(), availability)));
        });
        awaitIdle();
    }

    public void setNodeState(String nodeId, String state) {
        store.update(tx -> {
            Node n = tx.nodes().get(nodeId);
            tx.update(n.withStatus(new Node.Status(state, null, n.status().addr())));
        });
        awaitIdle();
    }

    // --- services ---

    public static ContainerSpec container(String image) {
        return new ContainerSpec(
                image, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null);
    }

    public static ServiceSpec spec(
            String name,
            ServiceMode mode,
            String image,
            RestartPolicy restart,
            UpdateConfig update,
            UpdateConfig rollback) {
        TaskSpec task = new TaskSpec(null, container(image), null, null, restart, null, null, null, null, null);
        return new ServiceSpec(name, null, task, mode, update, rollback, null, null);
    }

    public static ServiceSpec replicated(String name, long replicas) {
        return spec(name, ServiceMode.ofReplicated(replicas), "busybox:1", null, null, null);
    }

    public Service create(ServiceSpec spec) {
        Service s = new Service(Ids.newId(), null, null, null, spec, null, null, null, null, null);
        store.update(tx -> tx.create(s));
        awaitIdle();
        return service(s.id());
    }

    public Service service(String id) {
        return store.view(tx -> tx.services().get(id));
    }

    /** A spec update as the control API does it: previous spec kept, update status cleared. */
    public void updateSpec(String serviceId, UnaryOperator<ServiceSpec> change) {
        store.update(tx -> {
            Service s = tx.services().get(serviceId);
            tx.update(s.withSpec(change.apply(s.spec()), s.spec()).withUpdateStatus(null));
        });
        awaitIdle();
    }

    public void scale(String serviceId, long replicas) {
        updateSpec(serviceId, s -> s.withMode(ServiceMode.ofReplicated(replicas)));
    }

    public static ServiceSpec withImage(ServiceSpec s, String image) {
        return s.withTaskTemplate(s.taskTemplate().withContainerSpec(container(image)));
    }

    public void delete(String serviceId) {
        store.update(tx -> tx.delete(tx.services().get(serviceId)));
        awaitIdle();
    }

    // --- tasks ---

    public List<Task> tasks(String serviceId) {
        return store.view(tx -> tx.tasksOfService(serviceId)).stream()
                .sorted(Comparator.comparingLong(Task::slotNumber)
                        .thenComparing(t -> t.version().value()))
                .toList();
    }

    public List<Task> tasks(String serviceId, Predicate<Task> filter) {
        return tasks(serviceId).stream().filter(filter).toList();
    }

    /** Tasks the orchestrator still wants to run (desired state at most RUNNING). */
    public List<Task> runnable(String serviceId) {
        return tasks(serviceId, TaskFactory::isRunnable);
    }

    public Task task(String id) {
        return store.view(tx -> tx.tasks().get(id));
    }

    public void setState(String taskId, TaskState state) {
        setState(taskId, state, null);
    }

    /** Reports an observed state as an agent would (with an exit code for finished containers). */
    public void setState(String taskId, TaskState state, Long exitCode) {
        store.update(tx -> {
            Task t = tx.tasks().get(taskId);
            TaskStatus.ContainerStatus cs = exitCode == null ? null : new TaskStatus.ContainerStatus("c", 1L, exitCode);
            tx.update(t.withStatus(new TaskStatus(timer.now(), state, state.wire(), null, cs, null)));
        });
        awaitIdle();
    }

    /** Plays scheduler and agent: places the task on the node and reports it RUNNING. */
    public void run(String taskId, String nodeId) {
        store.update(tx -> {
            Task t = tx.tasks().get(taskId);
            String node = t.nodeID() != null ? t.nodeID() : nodeId;
            tx.update(t.withNode(node).withStatus(TaskStatus.of(timer.now(), TaskState.RUNNING, "started")));
        });
        awaitIdle();
    }

    /** Runs every task of the service that is desired RUNNING and not yet running, on {@code nodeId}. */
    public void runAll(String serviceId, String nodeId) {
        for (Task t : tasks(serviceId)) {
            if (t.desiredState() == TaskState.RUNNING && t.state().compareTo(TaskState.RUNNING) < 0) {
                run(t.id(), nodeId);
            }
        }
    }

    /** Plays the agent for tasks told to stop: reports SHUTDOWN for each that still runs. */
    public void stopShutDownTasks(String serviceId) {
        for (Task t : tasks(serviceId)) {
            if (!TaskFactory.isRunnable(t) && !t.state().isTerminal()) setState(t.id(), TaskState.SHUTDOWN);
        }
    }

    public static boolean hasImage(Task t, String image) {
        return Objects.equals(t.spec().containerSpec().image(), image);
    }

    public static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }
}
