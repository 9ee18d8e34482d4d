package dev.skep.manager.role;

import dev.skep.store.raft.Member;
import java.util.List;

/**
 * The managers' Raft group as the control API and the role manager need it: who is in it, and taking a
 * member out. Implemented over this manager's Raft store.
 */
public interface ManagerGroup {
    /** The members of the current configuration, with reachability as this manager knows it. */
    List<Member> members();

    /** This manager's own member ID (its node ID). */
    String self();

    /** Whether this manager leads the group. */
    boolean isLeader();

    /** Removes a member through the leader; refuses (IllegalStateException) when that would lose quorum. */
    void remove(String memberId) throws Exception;

    /** The member whose ID is {@code nodeId}, or null. */
    default Member member(String nodeId) {
        return members().stream()
                .filter(m -> m.peerId().equals(nodeId))
                .findFirst()
                .orElse(null);
    }
}
