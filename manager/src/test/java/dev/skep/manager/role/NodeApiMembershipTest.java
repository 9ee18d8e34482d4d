package dev.skep.manager.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skep.api.model.Node;
import dev.skep.api.time.ManualTimer;
import dev.skep.manager.controlapi.NodeApi;
import dev.skep.store.MemoryStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The control API's demotion and removal checks against the Raft group (SwarmKit's controlapi/node.go). */
class NodeApiMembershipTest {
    final MemoryStore store = new MemoryStore(new ManualTimer().clock());

    private NodeApi api(FakeGroup group, String... managers) {
        for (String id : managers) store.update(tx -> tx.create(NodeRolesTest.node(id, "manager", true)));
        return new NodeApi(store, group);
    }

    private static Node.Spec worker() {
        return new Node.Spec(null, Map.of(), "worker", "active");
    }

    @Test
    void demotionThatWouldLoseQuorumIsRefused() {
        NodeApi nodes = api(new FakeGroup("a").with("a", true).with("b", true).with("c", false), "a", "b", "c");
        Node b = nodes.get("b");
        assertThatThrownBy(() -> nodes.update("b", b.version().value(), worker()))
                .hasMessage("rpc error: code = FailedPrecondition desc = can't remove member from the raft: this "
                        + "would result in a loss of quorum");
        Node c = nodes.get("c");
        nodes.update("c", c.version().value(), worker());
        assertThat(nodes.get("c").spec().role()).isEqualTo("worker");
    }

    @Test
    void demotingAManagerOutsideTheGroupIsNotFound() {
        NodeApi nodes = api(new FakeGroup("a").with("a", true), "a", "lost");
        Node lost = nodes.get("lost");
        assertThatThrownBy(() -> nodes.update("lost", lost.version().value(), worker()))
                .hasMessage("rpc error: code = NotFound desc = can't find manager in raft memberlist");
    }

    @Test
    void aManagerInTheGroupMustBeDemotedBeforeRemovalOneOutsideItCanGo() {
        NodeApi nodes = api(new FakeGroup("a").with("a", true).with("b", true), "a", "b", "lost");
        assertThatThrownBy(() -> nodes.remove("b", true))
                .hasMessage("rpc error: code = FailedPrecondition desc = "
                        + "node b is a cluster manager and is a member of the raft cluster. It must be demoted to worker "
                        + "before removal");
        nodes.remove("lost", true);
        Node gone = store.view(tx -> tx.nodes().get("lost"));
        assertThat(gone).isNull();
    }
}
