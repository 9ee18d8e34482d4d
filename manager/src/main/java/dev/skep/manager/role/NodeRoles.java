package dev.skep.manager.role;

import dev.skep.api.model.Node;

/**
 * The role the cluster grants a node now (SwarmKit's observed {@code Node.Role}), which its certificate
 * must carry. A promotion is granted at once: the node then joins the Raft group itself. A demotion is
 * granted only once the leader took the node out of the Raft group and cleared its {@code ManagerStatus},
 * so a manager never loses its manager certificate while the others still count on its vote.
 */
public final class NodeRoles {
    public static final String MANAGER = "manager";
    public static final String WORKER = "worker";

    private NodeRoles() {}

    public static String desired(Node node) {
        return node.spec() != null && MANAGER.equals(node.spec().role()) ? MANAGER : WORKER;
    }

    /** {@code raftMember}: whether the node is in the leader's Raft configuration. */
    public static String granted(Node node, boolean raftMember) {
        if (MANAGER.equals(desired(node))) return MANAGER;
        return raftMember || node.managerStatus() != null ? MANAGER : WORKER;
    }
}
