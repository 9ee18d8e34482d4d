package dev.skep.daemon.http;

import dev.skep.api.errors.ApiException;
import dev.skep.api.errors.SwarmErrors;
import dev.skep.daemon.LocalNode;
import dev.skep.manager.controlapi.ClusterApi;
import dev.skep.manager.controlapi.NodeApi;
import dev.skep.manager.controlapi.ServiceApi;
import dev.skep.manager.controlapi.TaskApi;
import dev.skep.store.MemoryStore;

/** The control API of this node's store, or the 503 dockerd gives when this node cannot serve it. */
final class Controls {
    private final LocalNode node;

    Controls(LocalNode node) {
        this.node = node;
    }

    MemoryStore store() {
        if ("locked".equals(node.localNodeState())) throw ApiException.unavailable(SwarmErrors.SWARM_LOCKED);
        MemoryStore store = node.controlAvailable() ? node.store() : null;
        if (store != null) {
            store.readBarrier();
            return store;
        }
        if (node.nodeId() == null) throw ApiException.unavailable(SwarmErrors.NO_MANAGER);
        throw ApiException.unavailable(SwarmErrors.NOT_A_MANAGER);
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
