package dev.skep.manager.role;

import dev.skep.api.model.Node;
import dev.skep.api.time.Timer;
import dev.skep.manager.PeriodicLoop;
import dev.skep.store.MemoryStore;
import dev.skep.store.raft.Member;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out demotions and node removals on the Raft group, on the leader (SwarmKit's role manager): a
 * node whose desired role is worker but which is still a member is taken out of the group — when that keeps
 * quorum; a leader that is demoted hands its leadership over first and the next leader removes it — and once
 * it is out, its {@code ManagerStatus} is cleared (as is that of any node outside the group), which grants it the worker role (see {@link NodeRoles}).
 * A member whose node object was removed leaves the group too. Promotions need nothing here: the promoted
 * node joins the group itself. Runs every {@link #PERIOD}, so a refused removal is retried until it is safe.
 */
public final class RoleManager extends PeriodicLoop {
    private static final Logger LOG = LoggerFactory.getLogger(RoleManager.class);
    public static final Duration PERIOD = Duration.ofSeconds(1);

    private final MemoryStore store;
    private final ManagerGroup group;

    public RoleManager(MemoryStore store, Timer timer, ManagerGroup group) {
        super(timer, PERIOD, "role reconciliation");
        this.store = store;
        this.group = group;
    }

    @Override
    protected void round() {
        if (group.isLeader()) reconcile();
    }

    /** One pass: removes members that must go (one at a time), then clears the status of those gone. */
    public void reconcile() {
        List<Member> members = group.members();
        Map<String, Member> byId = members.stream().collect(Collectors.toMap(Member::peerId, Function.identity()));
        List<Node> nodes = store.view(tx -> List.copyOf(tx.nodes().all()));
        Set<String> nodeIds = nodes.stream().map(Node::id).collect(Collectors.toSet());
        for (Node node : nodes) {
            if (!NodeRoles.WORKER.equals(NodeRoles.desired(node))) continue;
            if (byId.containsKey(node.id())) {
                remove(members, node.id(), "demoted");
                return; // the group changed: look again next round
            }
        }
        for (Member m : members) {
            if (!nodeIds.contains(m.peerId()) && !m.peerId().equals(group.self())) {
                remove(members, m.peerId(), "removed from the swarm");
                return;
            }
        }
        clearNonMembers(byId.keySet());
    }

    private void remove(List<Member> members, String nodeId, String why) {
        if (!Quorum.canRemove(members, nodeId)) {
            LOG.debug("can't take {} node {} out of the Raft group now: it would lose quorum", why, nodeId);
            return;
        }
        try {
            LOG.info("taking {} node {} out of the Raft group", why, nodeId);
            group.remove(nodeId);
        } catch (Exception e) {
            LOG.info("could not take node {} out of the Raft group yet: {}", nodeId, e.getMessage());
        }
    }

    /**
     * Nodes outside the group lose their ManagerStatus, which Swarm derives from the Raft member list: a demoted
     * node that left is from now on a worker, and a manager that left with {@code swarm leave --force} shows no
     * manager status. A manager being added gets its status back from the leader once it is in.
     */
    private void clearNonMembers(Set<String> memberIds) {
        store.batch(tx -> {
            for (Node node : tx.nodes().all()) {
                if (node.managerStatus() != null && !memberIds.contains(node.id())) {
                    tx.update(node.withManagerStatus(null));
                }
            }
        });
    }
}
