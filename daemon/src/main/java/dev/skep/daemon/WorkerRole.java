package dev.skep.daemon;

import dev.skep.agent.Agent;
import dev.skep.agent.exec.Executor;
import dev.skep.agent.exec.docker.DockerExecutor;
import dev.skep.agent.exec.docker.DockerLogSource;
import dev.skep.agent.exec.sim.SimExecutor;
import dev.skep.agent.network.DataPlane;
import dev.skep.agent.network.NetworkAgent;
import dev.skep.agent.secrets.SecretFiles;
import dev.skep.api.model.TlsInfo;
import dev.skep.api.time.Timer;
import dev.skep.cluster.dispatch.RemoteDispatcher;
import dev.skep.manager.ca.ClusterCa;
import dev.skep.trust.SecurityConfig;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of a node that runs tasks, on workers and managers alike: the agent holds a session with the
 * leader's dispatcher over the cluster port (mutual TLS), following redirects and failing over between the
 * managers it knows, and drives the executor.
 */
final class WorkerRole implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerRole.class);
    /** Under the data directory: the tmpfs that holds the running tasks' secret and config files. */
    static final String SECRETS_DIR = "secrets";

    private final Agent agent;
    private final Executor executor;
    private final RemoteDispatcher dispatcher;
    /** The node's overlay networks (docker executor only), else null. */
    private final NetworkAgent networks;

    private WorkerRole(Agent agent, Executor executor, RemoteDispatcher dispatcher, NetworkAgent networks) {
        this.networks = networks;
        this.agent = agent;
        this.executor = executor;
        this.dispatcher = dispatcher;
    }

    static WorkerRole start(
            DaemonConfig config, SecurityConfig security, List<String> managers, SwarmAddresses addrs, Timer timer) {
        Executor executor = executor(config, timer);
        RemoteDispatcher remote = new RemoteDispatcher(security, managers);
        // docker service logs: the leader's log broker asks this node for its tasks' lines.
        remote.serveLogs(executor instanceof DockerExecutor d ? new DockerLogSource(d) : (t, o, s) -> {});
        // The TLS identity as it is now: a renewal (a root rotation) changes it while the agent runs.
        Supplier<TlsInfo> tlsInfo = () -> ClusterCa.tlsInfo(security.current());
        Agent agent = new Agent(
                security.current().nodeId(),
                new NamedDispatcher(
                        remote, config.nodeName(), addrs.engineLabels(), config.genericResources(), tlsInfo),
                executor,
                timer);
        remote.onSessionEnded(agent::sessionLost);
        NetworkAgent networks = null;
        if (executor instanceof DockerExecutor d) {
            networks = config.dataPlane() == DataPlane.SHARED_HOST
                    ? NetworkAgent.sharedHost(d.client())
                    : NetworkAgent.onHost(d.client());
            d.networks(networks);
            agent.onNetworkView(networks::update);
            d.secrets(agent.secrets(), SecretFiles.open(config.dataDir().resolve(SECRETS_DIR)));
        }
        agent.start();
        return new WorkerRole(agent, executor, remote, networks);
    }

    private static Executor executor(DaemonConfig config, Timer timer) {
        if ("sim".equals(config.executor())) {
            return new SimExecutor(timer, SimExecutor.Config.defaults(config.nodeName()));
        }
        return new DockerExecutor(config.dockerHost());
    }

    /** The managers' cluster addresses as the last session told them. */
    List<String> managers() {
        return dispatcher.managers();
    }

    /** Stops the agent; containers keep running for the next start to adopt. */
    @Override
    public void close() {
        agent.stop();
        dispatcher.close();
        if (networks != null) networks.close();
        closeExecutor();
    }

    /** Leaving the swarm also removes this node's task containers, as Docker does. */
    void leave() {
        agent.stop();
        dispatcher.close();
        try {
            executor.removeUnassigned(agent.nodeId(), taskId -> false);
        } catch (Exception e) {
            LOG.warn("removing task containers on leave: {}", e.getMessage());
        }
        if (networks != null) networks.leave();
        closeExecutor();
    }

    private void closeExecutor() {
        if (executor instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("closing the executor: {}", e.getMessage());
            }
        }
    }
}
