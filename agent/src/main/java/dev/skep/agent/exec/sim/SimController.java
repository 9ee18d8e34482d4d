package dev.skep.agent.exec.sim;

import dev.skep.agent.exec.Controller;
import dev.skep.agent.exec.ExecException;
import dev.skep.agent.exec.sim.SimExecutor.SimState;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskStatus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A simulated task's controller. Delays are timer delays, so tests on a manual timer decide when a task
 * becomes ready and running; controllers of the same task share one simulated container, as adoption needs.
 */
final class SimController implements Controller {
    private final Task task;
    private final SimExecutor executor;
    private final String containerId;
    private volatile SimState state = SimState.CREATED;
    private final CompletableFuture<Long> exited = new CompletableFuture<>();

    SimController(Task task, SimExecutor executor) {
        this.task = task;
        this.executor = executor;
        this.containerId = "sim-" + task.id();
    }

    private SimController container() {
        SimController c = executor.existing(task.id());
        return c == null ? this : c;
    }

    SimState state() {
        return state;
    }

    @Override
    public void prepare() throws ExecException {
        if (executor.existing(task.id()) != null) return;
        String image = task.spec().containerSpec().image();
        if (executor.config().missingImages().contains(image)) {
            throw ExecException.fatal("No such image: " + image);
        }
        delay(executor.config().prepareDelay());
        executor.register(task.id(), this);
    }

    @Override
    public void start() throws ExecException {
        SimController c = container();
        if (executor.existing(task.id()) == null) throw ExecException.fatal("No such container: " + containerId);
        if (c.state != SimState.CREATED) return;
        delay(executor.config().startDelay());
        c.state = SimState.RUNNING;
        Duration runFor = executor.config().runFor();
        if (runFor != null) {
            long code = executor.config().exitCode();
            executor.timer().after(runFor, () -> c.exit(code));
        }
    }

    private void exit(long code) {
        if (state != SimState.RUNNING) return;
        state = SimState.EXITED;
        exited.complete(code);
    }

    @Override
    public CompletableFuture<Long> waitExit() {
        SimController c = container();
        CompletableFuture<Long> f = new CompletableFuture<>();
        if (executor.existing(task.id()) == null) {
            f.completeExceptionally(ExecException.fatal("No such container: " + containerId));
            return f;
        }
        c.exited.whenComplete((code, err) -> {
            if (err != null) f.completeExceptionally(err);
            else f.complete(code);
        });
        return f;
    }

    @Override
    public void shutdown() {
        SimController c = container();
        if (c.state == SimState.RUNNING || c.state == SimState.CREATED) c.state = SimState.STOPPED;
    }

    @Override
    public void terminate() {
        shutdown();
    }

    @Override
    public void remove() {
        shutdown();
        executor.forget(task.id());
    }

    @Override
    public TaskStatus.ContainerStatus containerStatus() {
        if (executor.existing(task.id()) == null) return null;
        return new TaskStatus.ContainerStatus(containerId, container().state == SimState.RUNNING ? 1L : 0L, null);
    }

    private void delay(Duration d) throws ExecException {
        if (d == null || d.isZero()) return;
        CompletableFuture<Void> done = new CompletableFuture<>();
        executor.timer().after(d, () -> done.complete(null));
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ExecException.temporary("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw ExecException.temporary(e.getMessage(), e);
        }
    }
}
