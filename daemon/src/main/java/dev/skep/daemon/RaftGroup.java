package dev.skep.daemon;

import dev.skep.manager.role.ManagerGroup;
import dev.skep.store.raft.Member;
import dev.skep.store.raft.RaftStore;
import java.util.List;

/** The managers' group for the control API and the role manager: this manager's Raft store. */
final class RaftGroup implements ManagerGroup {
    private final RaftStore raft;

    RaftGroup(RaftStore raft) {
        this.raft = raft;
    }

    @Override
    public List<Member> members() {
        return raft.members();
    }

    @Override
    public String self() {
        return raft.peerId();
    }

    @Override
    public boolean isLeader() {
        return raft.isLeader();
    }

    @Override
    public void remove(String memberId) throws Exception {
        raft.removeMember(memberId);
    }
}
