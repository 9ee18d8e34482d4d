package dev.skep.daemon;

import dev.skep.agent.Agent;
import dev.skep.agent.exec.Executor;
import dev.skep.agent.exec.docker.DockerExecutor;
import dev.skep.agent.exec.docker.DockerLogSource;
import dev.skep.agent.exec.sim.SimExecutor;
import dev.skep.api.dispatcher.LogSource;
import dev.skep.api.time.Timer;
import dev.skep.manager.Manager;
import dev.skep.store.MemoryStore;
import dev.skep.store.Tx;
import dev.skep.store.raft.RaftConfig;
import dev.skep.store.raft.RaftStore;
import java.io.IOException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What runs while this node is in a swarm, started and stopped together: the Raft store, the manager's
 * loops (this node is the only manager for now, hence always the leader) and the agent with its executor.
 */
record Membership(MemoryStore store, RaftStore raft, Manager manager, Agent agent, Executor executor,
                  LogSource logSource) {
    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);

    static Membership start(DaemonConfig config, NodeState node, Timer timer, boolean fresh) throws IOException {
        return start(config, node, timer, fresh, tx -> { });
    }

    /** Starts Raft (a new group when fresh), runs the bootstrap transaction, then the loops and the agent. */
    static Membership start(DaemonConfig config, NodeState node, Timer timer, boolean fresh,
                            Consumer<Tx> bootstrap) throws IOException {
        MemoryStore store = new MemoryStore(timer.clock());
        RaftStore raft = RaftStore.start(store, RaftConfig.single(config.dataDir(), node.nodeId(), raftAddr(config,
                node), fresh).withGroupId(node.clusterId()));
        if (fresh) store.update(bootstrap);
        Manager manager = new Manager(store, timer);
        manager.start();
        Executor executor = executor(config, timer);
        Agent agent = new Agent(node.nodeId(),
                new NamedDispatcher(manager.dispatcher(), config.nodeName(), DaemonConfig.host(node.advertiseAddr())),
                executor, timer);
        agent.start();
        LogSource logs = executor instanceof DockerExecutor d ? new DockerLogSource(d) : (t, o, s) -> { };
        return new Membership(store, raft, manager, agent, executor, logs);
    }

    /** Raft listens on the port after the cluster port, at the advertised host. */
    private static String raftAddr(DaemonConfig config, NodeState node) {
        int port = DaemonConfig.port(config.listenAddr(), DaemonConfig.DEFAULT_CLUSTER_PORT) + 1;
        return DaemonConfig.host(node.advertiseAddr()) + ":" + port;
    }

    private static Executor executor(DaemonConfig config, Timer timer) {
        if ("sim".equals(config.executor())) {
            return new SimExecutor(timer, SimExecutor.Config.defaults(config.nodeName()));
        }
        return new DockerExecutor(config.dockerHost());
    }

    /** Stops the agent, the loops and Raft; containers keep running for the next start to adopt. */
    void close() {
        agent.stop();
        manager.stop();
        closeRaft();
        if (executor instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("closing the executor: {}", e.getMessage());
            }
        }
    }

    /** Leaving the swarm also removes this node's task containers, as Docker does. */
    void leave() {
        String nodeId = agent.nodeId();
        agent.stop();
        try {
            executor.removeUnassigned(nodeId, taskId -> false);
        } catch (Exception e) {
            LOG.warn("removing task containers on leave: {}", e.getMessage());
        }
        manager.stop();
        closeRaft();
    }

    private void closeRaft() {
        try {
            raft.close();
        } catch (IOException e) {
            LOG.warn("closing Raft: {}", e.getMessage());
        }
    }
}
