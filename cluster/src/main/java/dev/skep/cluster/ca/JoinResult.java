package dev.skep.cluster.ca;

import dev.skep.cluster.ManagerList;
import dev.skep.cluster.ManagerPeer;
import dev.skep.trust.NodeCertificate;
import dev.skep.trust.RootCA;
import java.util.List;

/** What a join brings home: the node's certificate (with its key and the root CA), identity and managers. */
public record JoinResult(NodeCertificate certificate, String nodeId, String role, List<ManagerPeer> managers) {
    public boolean isManager() {
        return RootCA.MANAGER.equals(role);
    }

    /** The managers' cluster addresses, the leader first. */
    public List<String> managerAddrs() {
        return ManagerList.addrs(managers);
    }
}
