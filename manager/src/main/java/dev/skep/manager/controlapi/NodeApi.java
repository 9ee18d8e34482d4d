package dev.skep.manager.controlapi;

import dev.skep.api.errors.ApiException;
import dev.skep.api.filters.Filters;
import dev.skep.api.model.Node;
import dev.skep.api.validation.RpcErrors;
import dev.skep.manager.ca.RevokedCertificates;
import dev.skep.manager.role.ManagerGroup;
import dev.skep.manager.role.Quorum;
import dev.skep.store.MemoryStore;
import dev.skep.store.ReadTx;
import dev.skep.store.raft.Member;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** The node half of the control API: list, inspect, update the NodeSpec, remove. */
public final class NodeApi {
    static final Set<String> LIST_FILTERS = Set.of("id", "label", "name", "role", "membership", "node.label");
    private static final Set<String> ROLES = Set.of("worker", "manager");
    private static final Set<String> AVAILABILITIES = Set.of("active", "pause", "drain");

    private final MemoryStore store;
    private final ManagerGroup group;

    public NodeApi(MemoryStore store) {
        this(store, null);
    }

    /** {@code group}: the managers' Raft group, for the membership checks of demotion and removal; may be null. */
    public NodeApi(MemoryStore store, ManagerGroup group) {
        this.store = store;
        this.group = group;
    }

    public Node get(String idOrName) {
        return store.view(tx -> resolve(tx, idOrName));
    }

    /** {@code GET /nodes}: name matches the hostname by prefix; label is engine labels, node.label the spec's. */
    public List<Node> list(Filters filters) {
        filters.validate(LIST_FILTERS);
        for (String r : filters.get("role")) {
            if (!r.isEmpty() && !ROLES.contains(r.toLowerCase())) {
                throw ApiException.invalid("Invalid role filter: '" + r + "'");
            }
        }
        for (String m : filters.get("membership")) {
            if (!m.isEmpty() && !Set.of("accepted", "pending").contains(m.toLowerCase())) {
                throw ApiException.invalid("Invalid membership filter: '" + m + "'");
            }
        }
        return store.view(tx -> tx.nodes().all().stream()
                .filter(n -> matches(filters, n))
                .sorted(Comparator.comparing(Node::id))
                .toList());
    }

    private static boolean matches(Filters f, Node n) {
        return f.matchesPrefix("id", n.id())
                && f.matchesPrefix("name", n.hostname())
                && f.matchesLabels(
                        "label",
                        n.description() == null || n.description().engine() == null
                                ? null
                                : n.description().engine().labels())
                && f.matchesLabels(
                        "node.label", n.spec() == null ? null : n.spec().labels())
                && f.matchesExactIgnoreCase("role", role(n))
                && f.matchesExactIgnoreCase("membership", "accepted");
    }

    static String role(Node n) {
        return n.spec() == null || n.spec().role() == null ? "worker" : n.spec().role();
    }

    /** {@code POST /nodes/{id}/update?version=}: role, availability, labels, name. */
    public void update(String idOrName, long version, Node.Spec spec) {
        if (spec == null) throw RpcErrors.invalidArgument("a NodeSpec must be provided in the request body");
        if (spec.role() != null && !spec.role().isEmpty() && !ROLES.contains(spec.role())) {
            throw RpcErrors.invalidArgument("invalid Role \"" + spec.role() + "\": use worker or manager");
        }
        if (spec.availability() != null
                && !spec.availability().isEmpty()
                && !AVAILABILITIES.contains(spec.availability())) {
            throw RpcErrors.invalidArgument(
                    "invalid Availability \"" + spec.availability() + "\": use active, pause or drain");
        }
        Node current = store.view(tx -> resolve(tx, idOrName));
        Commits.checkVersion(current.version(), version);
        Node.Spec next = new Node.Spec(
                spec.name(),
                spec.labels(),
                spec.role() == null || spec.role().isEmpty() ? "worker" : spec.role(),
                spec.availability() == null || spec.availability().isEmpty() ? "active" : spec.availability());
        if ("manager".equals(role(current)) && "worker".equals(next.role())) checkDemotion(current);
        Commits.update(store, tx -> tx.update(current.withSpec(next)));
    }

    /** SwarmKit's demotion sanity checks: not the last manager, a member of the group, and quorum kept. */
    private void checkDemotion(Node node) {
        if (managers() <= 1) throw RpcErrors.failedPrecondition("attempting to demote the last manager of the swarm");
        if (group == null) return;
        List<Member> members = withReportedReachability(group.members());
        if (members.stream().noneMatch(m -> m.peerId().equals(node.id()))) {
            throw RpcErrors.notFound("can't find manager in raft memberlist");
        }
        if (!Quorum.canRemove(members, node.id())) {
            throw RpcErrors.failedPrecondition(
                    "can't remove member from the raft: this would result in a loss of " + "quorum");
        }
    }

    /**
     * Only the leader sees which members answer; a follower serving this call takes the leader's view from
     * the store (the {@code ManagerStatus.Reachability} the leader's reporter writes every second).
     */
    private List<Member> withReportedReachability(List<Member> members) {
        return store.view(tx -> members.stream()
                .map(m -> {
                    Node n = tx.nodes().get(m.peerId());
                    boolean reported = n == null
                            || n.managerStatus() == null
                            || !"unreachable".equals(n.managerStatus().reachability());
                    return new Member(m.peerId(), m.address(), m.leader(), m.reachable() && reported, m.lastContact());
                })
                .toList());
    }

    private long managers() {
        return store.view(tx ->
                tx.nodes().all().stream().filter(n -> "manager".equals(role(n))).count());
    }

    /**
     * {@code DELETE /nodes/{id}?force=}: a manager that is in the Raft group must be demoted first, and a node
     * that is still up needs force. The node this API runs on is a manager, so it can never remove itself. A
     * manager that is no longer in the group (left behind by {@code --force-new-cluster}) can be removed. The
     * node's certificates go on the cluster's blacklist ({@link RevokedCertificates}).
     */
    public void remove(String idOrName, boolean force) {
        Node node = store.view(tx -> resolve(tx, idOrName));
        if (mustBeDemotedFirst(node)) {
            throw RpcErrors.failedPrecondition("node " + node.id() + " is a cluster manager and is a member of the "
                    + "raft cluster. It must be demoted to worker before removal");
        }
        if (!force && node.isReady()) {
            throw RpcErrors.failedPrecondition("node " + node.id() + " is not down and can't be removed");
        }
        // The node's certificates are revoked with it: only a new join (a new node ID) brings the machine back.
        Commits.update(store, tx -> {
            tx.delete(node);
            RevokedCertificates.blacklist(tx, node.id(), store.clock().instant());
        });
    }

    /** A manager in the Raft group; without the group at hand, any node that looks like a manager. */
    private boolean mustBeDemotedFirst(Node node) {
        if (group == null) return "manager".equals(role(node)) || node.managerStatus() != null;
        return "manager".equals(role(node)) && group.member(node.id()) != null;
    }

    /** Full ID, exact hostname (case-insensitive, as SwarmKit indexes it), unique ID prefix. */
    public static Node resolve(ReadTx tx, String input) {
        return Resolver.resolve(
                "node",
                input,
                tx.nodes().get(input),
                tx.nodes().all(),
                n -> n.hostname() != null && n.hostname().equalsIgnoreCase(input)
                        || n.spec() != null && input.equals(n.spec().name()));
    }
}
