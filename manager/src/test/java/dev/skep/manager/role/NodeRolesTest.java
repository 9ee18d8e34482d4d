package dev.skep.manager.role;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.model.Node;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeRolesTest {
    static Node node(String id, String desired, boolean managerStatus) {
        return new Node(
                id,
                null,
                null,
                null,
                new Node.Spec(null, Map.of(), desired, "active"),
                null,
                new Node.Status("ready", null, null),
                managerStatus ? new Node.ManagerStatus(null, "reachable", id + ":2377") : null);
    }

    @Test
    void aPromotionIsGrantedAtOnce() {
        assertThat(NodeRoles.granted(node("n", "manager", false), false)).isEqualTo("manager");
    }

    @Test
    void aDemotionWaitsUntilTheNodeLeftTheGroupAndItsStatusIsCleared() {
        assertThat(NodeRoles.granted(node("n", "worker", true), true)).isEqualTo("manager");
        assertThat(NodeRoles.granted(node("n", "worker", true), false)).isEqualTo("manager");
        assertThat(NodeRoles.granted(node("n", "worker", false), false)).isEqualTo("worker");
    }

    @Test
    void aNodeWithoutSpecIsAWorker() {
        Node bare = new Node("n", null, null, null, null, null, null, null);
        assertThat(NodeRoles.granted(bare, false)).isEqualTo("worker");
    }
}
