package dev.skep.store.raft;

import java.util.List;

/** When removing a member is safe: Swarm's rule, so that the smaller group can still commit. */
final class QuorumRule {
    private QuorumRule() {}

    /**
     * Why removing {@code peerId} from {@code members} must be refused, or null when it is safe: the last member
     * cannot go, and the members left that are reachable now must form a majority of the smaller group.
     */
    static String refusal(List<Member> members, String peerId) {
        if (members.stream().noneMatch(m -> m.peerId().equals(peerId))) {
            return peerId + " is not a member of the Raft group";
        }
        if (members.size() == 1) return "cannot remove the last manager of the swarm";
        long reachableLeft = members.stream()
                .filter(m -> !m.peerId().equals(peerId))
                .filter(Member::reachable)
                .count();
        int left = members.size() - 1;
        int quorum = left / 2 + 1;
        if (reachableLeft < quorum) {
            return "removing " + peerId + " would leave " + reachableLeft + " reachable manager(s) of " + left
                    + ", fewer than the " + quorum + " a quorum needs: the swarm would lose quorum";
        }
        return null;
    }
}
