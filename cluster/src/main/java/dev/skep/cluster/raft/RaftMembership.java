package dev.skep.cluster.raft;

import java.util.List;

/** The managers' Raft group as the manager control service changes it (the Raft store on this manager). */
public interface RaftMembership {
    /** Whether this manager leads the group; only the leader changes membership. */
    boolean isLeader();

    /** Adds a manager to the group; returns once the change is committed. */
    void addMember(String peerId, String raftAddress) throws Exception;

    /** Removes a manager from the group (refusing, with a message, when that would lose quorum). */
    void removeMember(String peerId) throws Exception;

    /** The group's members as this manager knows them. */
    List<RaftMember> members();

    /** The Raft group's ID, which a joining manager must use; null when not known. */
    default String groupId() {
        return null;
    }

    /**
     * The swarm's data keys (encoded), which a joining manager needs to read the Raft log; null when the log is not
     * encrypted. Served over mutual TLS to manager certificates only, never to workers.
     */
    default byte[] dataKeys() {
        return null;
    }
}
