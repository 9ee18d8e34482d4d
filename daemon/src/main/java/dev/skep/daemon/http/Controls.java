package dev.skep.daemon.http;

import dev.skep.api.errors.ApiException;
import dev.skep.daemon.LocalNode;
import dev.skep.manager.controlapi.ClusterApi;
import dev.skep.manager.controlapi.NodeApi;
import dev.skep.manager.controlapi.ServiceApi;
import dev.skep.manager.controlapi.TaskApi;
import dev.skep.store.MemoryStore;

/** The control API of this node's store, or the 503 dockerd gives when this node cannot serve it. */
final class Controls {
    static final String NOT_IN_SWARM = "This node is not part of a swarm";
    static final String NO_MANAGER = "This node is not a swarm manager. Use \"docker swarm init\" or "
            + "\"docker swarm join\" to connect this node to swarm and try again.";
    static final String WORKER = "This node is not a swarm manager. Worker nodes can't be used to view or modify "
            + "cluster state. Please run this command on a manager node or promote the current node to a manager.";

    private final LocalNode node;

    Controls(LocalNode node) {
        this.node = node;
    }

    MemoryStore store() {
        MemoryStore store = node.controlAvailable() ? node.store() : null;
        if (store != null) {
            store.readBarrier();
            return store;
        }
        if (node.nodeId() == null) throw ApiException.unavailable(NO_MANAGER);
        throw ApiException.unavailable(WORKER);
    }

    ServiceApi services() {
        return new ServiceApi(store());
    }

    TaskApi tasks() {
        return new TaskApi(store());
    }

    NodeApi nodes() {
        return new NodeApi(store(), node.managerGroup());
    }

    ClusterApi cluster() {
        return new ClusterApi(store());
    }
}
