package dev.skep.agent.exec.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.WaitResponse;
import dev.skep.agent.exec.Controller;
import dev.skep.agent.exec.ExecException;
import dev.skep.agent.secrets.SecretFiles;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskStatus;
import dev.skep.network.overlay.DockerAttachment.ContainerEndpoint;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One task's container (Docker's Swarm controller, {@code daemon/cluster/executor/container/controller.go}).
 * Operations are idempotent: a container that already exists is reused and a running one is not started again,
 * which is how a restarted agent adopts what it left running.
 */
final class DockerController implements Controller {
    static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);
    static final Duration HEALTH_POLL = Duration.ofMillis(250);

    private final DockerExecutor executor;
    private final DockerClient client;
    private final Task task;
    private final String name;
    private volatile String containerId;
    private volatile Long pid;
    private volatile Long exitCode;
    private volatile TaskStatus.PortStatus portStatus;

    DockerController(DockerExecutor executor, Task task) {
        this.executor = executor;
        this.client = executor.client();
        this.task = task;
        this.name = SwarmLabels.taskName(task);
    }

    /** The container's ID once known, else its name: the engine accepts either. */
    private String ref() {
        return containerId != null ? containerId : name;
    }

    @Override
    public void prepare() throws ExecException {
        try {
            create();
        } catch (NotFoundException noImage) {
            pullThenCreate();
        } catch (ConflictException exists) {
            adoptExisting();
        } catch (RuntimeException e) {
            throw ExecException.fatal(DockerErrors.message(e), e);
        }
    }

    private void create() throws ExecException {
        CreateContainerCmd cmd =
                client.createContainerCmd(task.spec().containerSpec().image());
        ContainerConfig.apply(cmd, task);
        bindSecrets(cmd);
        List<ContainerEndpoint> endpoints = TaskEndpoints.await(task, executor.networks());
        TaskEndpoints.applyPrimary(cmd, endpoints);
        // on an overlay network the node's nftables rules publish the host-mode ports; on the default bridge
        // the container's own port bindings do, as with Docker
        if (endpoints.isEmpty()) HostPorts.apply(cmd, HostPorts.of(task));
        containerId = cmd.exec().getId();
        TaskEndpoints.connectOthers(client, containerId, endpoints);
    }

    /** The task's secret and config files, read-only where the container expects them (dockerd mounts them so). */
    private void bindSecrets(CreateContainerCmd cmd) throws ExecException {
        List<SecretFiles.BindFile> files = executor.writeSecrets(task);
        if (files.isEmpty()) return;
        HostConfig hc = cmd.getHostConfig();
        List<Mount> mounts = new ArrayList<>(hc.getMounts() == null ? List.of() : hc.getMounts());
        for (SecretFiles.BindFile f : files) {
            mounts.add(new Mount()
                    .withType(MountType.BIND)
                    .withSource(f.source().toString())
                    .withTarget(f.target())
                    .withReadOnly(true));
        }
        hc.withMounts(mounts);
    }

    /** Only a missing image is pulled, as the engine has no registry to ask here otherwise. */
    private void pullThenCreate() throws ExecException {
        try {
            executor.pull(task.spec().containerSpec().image());
            create();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ExecException.temporary("interrupted while pulling", e);
        } catch (ConflictException exists) {
            adoptExisting();
        } catch (RuntimeException e) {
            throw ExecException.fatal(DockerErrors.message(e), e);
        }
    }

    private void adoptExisting() throws ExecException {
        InspectContainerResponse c = inspect();
        containerId = c.getId();
    }

    private InspectContainerResponse inspect() throws ExecException {
        try {
            return client.inspectContainerCmd(ref()).exec();
        } catch (NotFoundException e) {
            throw ExecException.fatal("No such container: " + name, e);
        } catch (RuntimeException e) {
            throw ExecException.temporary(DockerErrors.message(e), e);
        }
    }

    @Override
    public void start() throws ExecException {
        try {
            client.startContainerCmd(ref()).exec();
        } catch (NotModifiedException alreadyRunning) {
            // adopted: the container runs already
        } catch (NotFoundException e) {
            throw ExecException.fatal("No such container: " + name, e);
        } catch (RuntimeException e) {
            throw ExecException.fatal(DockerErrors.message(e), e);
        }
        InspectContainerResponse c = inspect();
        observe(c);
        if (c.getState() != null && c.getState().getHealth() != null) awaitHealthy();
    }

    private void observe(InspectContainerResponse c) {
        containerId = c.getId();
        portStatus = HostPorts.status(c);
        if (c.getState() != null) {
            pid = c.getState().getPidLong();
            if (Boolean.FALSE.equals(c.getState().getRunning())
                    && c.getState().getExitCodeLong() != null
                    && c.getState().getFinishedAt() != null
                    && !c.getState().getFinishedAt().startsWith("0001")) {
                exitCode = c.getState().getExitCodeLong();
            }
        }
    }

    /**
     * A container with a health check counts as started only once healthy, as with Docker Swarm; an unhealthy or
     * exited container fails the task.
     */
    private void awaitHealthy() throws ExecException {
        while (true) {
            InspectContainerResponse c = inspect();
            var state = c.getState();
            if (!Boolean.TRUE.equals(state.getRunning())) {
                observe(c);
                throw ExecException.exit(state.getExitCodeLong() == null ? -1 : state.getExitCodeLong());
            }
            String health =
                    state.getHealth() == null ? "healthy" : state.getHealth().getStatus();
            if ("healthy".equals(health)) return;
            if ("unhealthy".equals(health)) throw HealthWatch.unhealthy();
            try {
                Thread.sleep(HEALTH_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ExecException.temporary("interrupted while waiting for health", e);
            }
        }
    }

    @Override
    public CompletableFuture<Long> waitExit() {
        CompletableFuture<Long> exit = new CompletableFuture<>();
        ResultCallback.Adapter<WaitResponse> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(WaitResponse response) {
                Integer code = response.getStatusCode();
                exitCode = code == null ? null : code.longValue();
                executor.removeSecrets(task.id()); // the task has ended: its secrets go with it
                exit.complete(code == null ? -1L : code.longValue());
            }

            @Override
            public void onError(Throwable error) {
                if (error instanceof NotFoundException) {
                    exit.completeExceptionally(ExecException.fatal("No such container: " + name, error));
                } else {
                    exit.completeExceptionally(ExecException.temporary(DockerErrors.message(error), error));
                }
                super.onError(error);
            }

            @Override
            public void onComplete() {
                exit.completeExceptionally(ExecException.temporary("wait ended without an exit code", null));
                super.onComplete();
            }
        };
        client.waitContainerCmd(ref()).exec(callback);
        exit.whenComplete((code, error) -> {
            if (exit.isCancelled()) closeQuietly(callback);
        });
        followHealth(exit);
        return exit;
    }

    /**
     * A container with a health check (the service's or its image's) fails its task when it turns unhealthy while
     * running, not only before it counts as started ({@link #awaitHealthy()}). The events are followed first, then
     * the state read once, so a change between the two is not missed.
     */
    private void followHealth(CompletableFuture<Long> exit) {
        InspectContainerResponse c;
        try {
            c = inspect();
        } catch (ExecException e) {
            return; // the wait itself reports a container that is gone
        }
        var state = c.getState();
        if (state == null || state.getHealth() == null) return;
        HealthWatch.follow(client, ref(), exit);
        if ("unhealthy".equals(inspectHealth())) exit.completeExceptionally(HealthWatch.unhealthy());
    }

    private String inspectHealth() {
        try {
            var state = inspect().getState();
            return state == null || state.getHealth() == null
                    ? null
                    : state.getHealth().getStatus();
        } catch (ExecException e) {
            return null;
        }
    }

    @Override
    public void shutdown() throws ExecException {
        try {
            client.stopContainerCmd(ref()).withTimeout(graceSeconds()).exec();
        } catch (NotModifiedException | NotFoundException stoppedOrGone) {
            // nothing left to stop
        } catch (RuntimeException e) {
            throw ExecException.temporary(DockerErrors.message(e), e);
        }
    }

    /** StopGracePeriod in whole seconds (rounded up), Docker's 10 s when unset. */
    int graceSeconds() {
        Long nanos = task.spec().containerSpec().stopGracePeriod();
        Duration grace = nanos == null ? DEFAULT_STOP_GRACE : Duration.ofNanos(nanos);
        long seconds = grace.toSeconds() + (grace.toNanosPart() > 0 ? 1 : 0);
        return (int) Math.max(0, seconds);
    }

    @Override
    public void terminate() throws ExecException {
        try {
            client.killContainerCmd(ref()).exec();
        } catch (NotFoundException | ConflictException notRunning) {
            // nothing left to kill
        } catch (RuntimeException e) {
            throw ExecException.temporary(DockerErrors.message(e), e);
        }
    }

    @Override
    public void remove() throws ExecException {
        shutdown();
        try {
            client.removeContainerCmd(ref())
                    .withForce(true)
                    .withRemoveVolumes(true)
                    .exec();
        } catch (NotFoundException gone) {
            // already removed
        } catch (RuntimeException e) {
            throw ExecException.temporary(DockerErrors.message(e), e);
        }
        executor.removeSecrets(task.id());
    }

    @Override
    public TaskStatus.ContainerStatus containerStatus() {
        if (containerId == null) return null;
        return new TaskStatus.ContainerStatus(containerId, pid, exitCode);
    }

    /** The host ports the container got bound, as read when it started (dockerd picks the dynamic ones). */
    @Override
    public TaskStatus.PortStatus portStatus() {
        return portStatus;
    }

    private static void closeQuietly(ResultCallback<?> callback) {
        try {
            callback.close();
        } catch (IOException | RuntimeException e) {
            // the wait is abandoned either way
        }
    }
}
