package dev.skep.manager.role;

import dev.skep.store.raft.Member;
import java.util.List;

/** Raft's safety rule for shrinking the group, as SwarmKit's {@code CanRemoveMember} applies it. */
public final class Quorum {
    private Quorum() {}

    /**
     * Whether {@code memberId} can leave {@code members} while the members left that are reachable still
     * form a majority of the smaller group. A member that is not in the group can always "leave".
     */
    public static boolean canRemove(List<Member> members, String memberId) {
        if (members.stream().noneMatch(m -> m.peerId().equals(memberId))) return true;
        int left = members.size() - 1;
        if (left == 0) return false;
        long reachableLeft = members.stream()
                .filter(m -> !m.peerId().equals(memberId))
                .filter(m -> m.reachable() || m.leader())
                .count();
        return reachableLeft >= left / 2 + 1;
    }
}
