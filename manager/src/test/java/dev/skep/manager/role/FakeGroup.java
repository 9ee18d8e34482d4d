package dev.skep.manager.role;

import dev.skep.store.raft.Member;
import java.util.ArrayList;
import java.util.List;

/** A Raft group in memory: members with reachability, removals recorded; the first member leads. */
final class FakeGroup implements ManagerGroup {
    final List<Member> members = new ArrayList<>();
    final List<String> removed = new ArrayList<>();
    private final String self;

    FakeGroup(String self) {
        this.self = self;
    }

    FakeGroup with(String id, boolean reachable) {
        members.add(new Member(id, id + ":2378", members.isEmpty(), reachable, null));
        return this;
    }

    @Override
    public List<Member> members() {
        return List.copyOf(members);
    }

    @Override
    public String self() {
        return self;
    }

    @Override
    public boolean isLeader() {
        return !members.isEmpty() && members.get(0).peerId().equals(self);
    }

    @Override
    public void remove(String memberId) {
        if (!Quorum.canRemove(members, memberId)) throw new IllegalStateException("would lose quorum");
        removed.add(memberId);
        members.removeIf(m -> m.peerId().equals(memberId));
    }
}
