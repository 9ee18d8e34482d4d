package dev.skep.daemon;

import dev.skep.api.model.Node;
import dev.skep.cluster.raft.RaftMember;
import dev.skep.cluster.raft.RaftMembership;
import dev.skep.store.MemoryStore;
import dev.skep.store.raft.RaftConfig;
import dev.skep.store.raft.RaftStore;
import java.util.List;

/** Raft membership changes asked for over the cluster port by managers joining or leaving. */
final class RaftMembershipAdapter implements RaftMembership {
    private final RaftStore raft;
    private final MemoryStore store;

    RaftMembershipAdapter(RaftStore raft, MemoryStore store) {
        this.raft = raft;
        this.store = store;
    }

    @Override
    public boolean isLeader() {
        return raft.isLeader();
    }

    /** Adds the member, then records its cluster address so agents and {@code node ls} can find it. */
    @Override
    public void addMember(String peerId, String raftAddress) throws Exception {
        raft.addMember(new RaftConfig.Peer(peerId, raftAddress));
        String addr = SwarmAddresses.clusterAddrOf(raftAddress);
        store.updateWithRetry(5, tx -> {
            Node n = tx.nodes().get(peerId);
            if (n == null) return;
            Node.ManagerStatus old = n.managerStatus();
            tx.update(n.withManagerStatus(new Node.ManagerStatus(
                    old == null ? null : old.leader(), old == null ? "unknown" : old.reachability(), addr)));
        });
    }

    @Override
    public void removeMember(String peerId) throws Exception {
        raft.removeMember(peerId);
    }

    @Override
    public String groupId() {
        return raft.groupId().getUuid().toString();
    }

    @Override
    public List<RaftMember> members() {
        return raft.members().stream()
                .map(m -> new RaftMember(m.peerId(), m.address()))
                .toList();
    }
}
