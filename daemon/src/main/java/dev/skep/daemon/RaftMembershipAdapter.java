package dev.skep.daemon;

import dev.skep.api.model.Node;
import dev.skep.cluster.raft.RaftMember;
import dev.skep.cluster.raft.RaftMembership;
import dev.skep.store.MemoryStore;
import dev.skep.store.raft.RaftConfig;
import dev.skep.store.raft.RaftStore;
import dev.skep.trust.DataKeys;
import java.util.List;

/** Raft membership changes asked for over the cluster port by managers joining or leaving. */
final class RaftMembershipAdapter implements RaftMembership {
    private final RaftStore raft;
    private final MemoryStore store;
    private final DataKeys keys;

    RaftMembershipAdapter(RaftStore raft, MemoryStore store, DataKeys keys) {
        this.raft = raft;
        this.store = store;
        this.keys = keys;
    }

    /** For a joining manager only: the cluster server lets manager certificates alone call this service. */
    @Override
    public byte[] dataKeys() {
        return keys == null ? null : keys.toBytes();
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
