package dev.skep.agent.exec.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.skep.agent.exec.Controller;
import dev.skep.agent.exec.ExecException;
import dev.skep.agent.exec.Executor;
import dev.skep.agent.secrets.SecretFiles;
import dev.skep.agent.secrets.SecretStore;
import dev.skep.agent.secrets.SecretTemplates;
import dev.skep.api.model.Node;
import dev.skep.api.model.Placement;
import dev.skep.api.model.Resources;
import dev.skep.api.model.Task;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks as containers of a Docker Engine, labelled and named as Docker Swarm does, so a task's container can
 * be found again by its task ID after a restart.
 */
public final class DockerExecutor implements Executor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DockerExecutor.class);
    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";
    /** Each running task keeps one connection open for its exit wait. */
    private static final int MAX_CONNECTIONS = 2048;

    private final String dockerHost;
    private final DockerClient client;
    private final Map<String, CompletableFuture<Void>> pulls = new ConcurrentHashMap<>();
    /** The node's overlay networks; null: tasks' network attachments are ignored (default bridge). */
    private volatile ContainerNetworks networks;

    private volatile SecretStore secretStore = new SecretStore();
    private volatile SecretFiles secretFiles;
    /** The engine's host name, as the node describes itself ({@code .Node.Hostname} in templates). */
    private volatile String hostname;

    public DockerExecutor() {
        this(DEFAULT_HOST);
    }

    public DockerExecutor(String dockerHost) {
        this.dockerHost = dockerHost == null || dockerHost.isEmpty() ? DEFAULT_HOST : dockerHost;
        this.client = connect(this.dockerHost);
    }

    /** A docker-java client over the httpclient5 transport. */
    public static DockerClient connect(String dockerHost) {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost)
                .build();
        DockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(MAX_CONNECTIONS)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    public String dockerHost() {
        return dockerHost;
    }

    public DockerClient client() {
        return client;
    }

    /** Containers of tasks with network attachments join those overlays through this (set before tasks run). */
    public void networks(ContainerNetworks n) {
        this.networks = n;
    }

    ContainerNetworks networks() {
        return networks;
    }

    /** Where tasks' secrets and configs come from and are written (set before tasks run; none: tasks using them fail). */
    public void secrets(SecretStore store, SecretFiles files) {
        this.secretStore = store;
        this.secretFiles = files;
    }

    /** The bind mounts of the task's secrets and configs, written now (none when it references none). */
    List<SecretFiles.BindFile> writeSecrets(Task task) throws ExecException {
        SecretFiles files = secretFiles;
        var c = task.spec().containerSpec();
        boolean none = (c.secrets() == null || c.secrets().isEmpty())
                && (c.configs() == null || c.configs().isEmpty());
        if (none) return List.of();
        if (files == null) throw ExecException.fatal("this node has no directory for secrets and configs");
        String slot = task.slotNumber() != 0 || task.jobIteration() != null
                ? Long.toString(task.slotNumber())
                : task.nodeID();
        return files.write(
                task,
                secretStore,
                SecretTemplates.Context.of(
                        task, SwarmLabels.serviceName(task), SwarmLabels.taskName(task), slot, hostname));
    }

    void removeSecrets(String taskId) {
        SecretFiles files = secretFiles;
        if (files != null) files.remove(taskId);
    }

    @Override
    public Node.Description describe() throws ExecException {
        Info info;
        try {
            info = client.infoCmd().exec();
        } catch (RuntimeException e) {
            throw ExecException.temporary("docker info: " + DockerErrors.message(e), e);
        }
        hostname = info.getName();
        long cpus = info.getNCPU() == null ? 0 : info.getNCPU() * 1_000_000_000L;
        long memory = info.getMemTotal() == null ? 0 : info.getMemTotal();
        return new Node.Description(
                info.getName(),
                new Placement.Platform(info.getArchitecture(), info.getOsType()),
                new Resources(cpus, memory, null, null),
                new Node.Engine(info.getServerVersion(), engineLabels(info), plugins(info)),
                null);
    }

    private static Map<String, String> engineLabels(Info info) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (info.getLabels() == null) return labels;
        for (String label : info.getLabels()) {
            int eq = label.indexOf('=');
            if (eq < 0) labels.put(label, "");
            else labels.put(label.substring(0, eq), label.substring(eq + 1));
        }
        return labels;
    }

    /** Docker reports plugins by kind ("Volume", "Network", "Log"); Swarm lists them one by one. */
    private static List<Node.Plugin> plugins(Info info) {
        List<Node.Plugin> out = new ArrayList<>();
        if (info.getPlugins() == null) return out;
        info.getPlugins().forEach((kind, names) -> {
            if (names != null) names.forEach(name -> out.add(new Node.Plugin(kind, name)));
        });
        return out;
    }

    @Override
    public Controller controller(Task task) throws ExecException {
        if (task.spec() == null || task.spec().containerSpec() == null) {
            throw ExecException.fatal("task has no container spec");
        }
        if (task.spec().containerSpec().image() == null
                || task.spec().containerSpec().image().isEmpty()) {
            throw ExecException.fatal("task has no image");
        }
        return new DockerController(this, task);
    }

    @Override
    public void removeUnassigned(String nodeId, Predicate<String> assignedTaskId) {
        List<Container> containers = client.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(SwarmLabels.NODE_ID, nodeId))
                .exec();
        for (Container c : containers) {
            String taskId = c.getLabels() == null ? null : c.getLabels().get(SwarmLabels.TASK_ID);
            if (taskId == null || assignedTaskId.test(taskId)) continue;
            LOG.info("removing container {} of task {}, no longer assigned to node {}", c.getId(), taskId, nodeId);
            try {
                client.removeContainerCmd(c.getId())
                        .withForce(true)
                        .withRemoveVolumes(true)
                        .exec();
            } catch (NotFoundException gone) {
                // removed meanwhile
            }
        }
    }

    /**
     * Pulls an image that is missing; concurrent tasks of one image share a pull. Failures are only logged: the
     * container create that follows reports the missing image.
     */
    void pull(String image) throws InterruptedException {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> pull = pulls.putIfAbsent(image, mine);
        if (pull == null) {
            pull = mine;
            try {
                var cmd = client.pullImageCmd(image);
                // Without a tag the engine would pull every tag of the repository.
                if (!hasTagOrDigest(image)) cmd.withTag("latest");
                cmd.start().awaitCompletion();
                mine.complete(null);
            } catch (RuntimeException e) {
                LOG.warn("pulling image {} failed: {}", image, DockerErrors.message(e));
                mine.completeExceptionally(e);
            } finally {
                pulls.remove(image, mine);
            }
        }
        try {
            pull.join();
        } catch (RuntimeException failed) {
            // reported by the create that follows
        }
    }

    static boolean hasTagOrDigest(String image) {
        int slash = image.lastIndexOf('/');
        return image.indexOf('@') >= 0 || image.indexOf(':', slash + 1) >= 0;
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            LOG.debug("closing docker client: {}", e.getMessage());
        }
    }
}
