package dev.skep.daemon;

import dev.skep.api.errors.ApiException;
import dev.skep.api.errors.SwarmErrors;
import dev.skep.api.model.SwarmInitRequest;
import dev.skep.api.model.SwarmJoinRequest;
import dev.skep.cluster.logs.ClusterLogs;
import dev.skep.manager.events.ClusterEvents;
import dev.skep.manager.role.ManagerGroup;
import dev.skep.store.MemoryStore;
import java.util.List;

/**
 * This skepd as the client API sees it: whether it is in a swarm, its manager store, and the swarm
 * lifecycle calls. Implemented by {@link SwarmNode}; the HTTP layer only uses this interface.
 */
public interface LocalNode {
    /** This node's ID, or null when not part of a swarm. */
    String nodeId();

    /** inactive | pending | active | error | locked, as {@code docker info} shows. */
    String localNodeState();

    /** The address other nodes reach this node at (host part of the advertise address), or "". */
    String nodeAddr();

    /** The node name as {@code node ls} shows it (--node-name, default the host name). */
    String nodeName();

    /** The engine labels {@code docker info} shows: Skep's addresses of this membership (listen, Raft, data path). */
    default List<String> labels() {
        return List.of();
    }

    /** The manager's store, or null when this node is not a manager of a swarm. */
    MemoryStore store();

    /** The managers' Raft group as this manager sees it, or null when this node is not a manager. */
    default ManagerGroup managerGroup() {
        return null;
    }

    /** True when this node is a manager and its store can serve the control API. */
    default boolean controlAvailable() {
        return store() != null;
    }

    /** Creates a new swarm with this node as its only manager; returns the node ID. 503 if already in one. */
    String initSwarm(SwarmInitRequest request);

    /** Joins an existing swarm through one of its managers, as worker or manager according to the token. */
    void joinSwarm(SwarmJoinRequest request);

    /** Leaves the swarm; a manager must pass force. */
    void leaveSwarm(boolean force);

    /** The cluster's events as this manager sees them, or null when this node is not a manager. */
    default ClusterEvents events() {
        return null;
    }

    /** Reads the logs of tasks wherever they run (through the leader's log broker); managers only. */
    ClusterLogs logs();

    /** {@code swarm unlock}: starts a locked manager with its unlock key; 401 for a wrong key, 409 if not locked. */
    default void unlock(String unlockKey) {
        throw new ApiException(409, SwarmErrors.NOT_LOCKED);
    }

    /** The swarm's unlock key ({@code SWMKEY-1-…}) while autolock is on, else "". */
    default String unlockKey() {
        return "";
    }

    /** Turns autolock on or off for every manager, or rotates the unlock key; a no-op when nothing changes. */
    default void autolock(boolean on, boolean rotate) {}

    /** The Docker Engine this node runs containers on, e.g. unix:///var/run/docker.sock. */
    String dockerHost();
}
