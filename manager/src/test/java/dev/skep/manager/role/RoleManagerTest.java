package dev.skep.manager.role;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.model.Node;
import dev.skep.api.time.ManualTimer;
import dev.skep.store.MemoryStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoleManagerTest {
    final ManualTimer timer = new ManualTimer();
    final MemoryStore store = new MemoryStore(timer.clock());

    private void create(String id, String desired, boolean managerStatus) {
        store.update(tx -> tx.create(NodeRolesTest.node(id, desired, managerStatus)));
    }

    private void demote(String id) {
        store.update(tx -> {
            Node n = tx.nodes().get(id);
            tx.update(n.withSpec(new Node.Spec(null, Map.of(), "worker", "active")));
        });
    }

    private Node node(String id) {
        return store.view(tx -> tx.nodes().get(id));
    }

    @Test
    void aDemotedManagerLeavesTheGroupThenLosesItsManagerStatus() {
        FakeGroup group = new FakeGroup("a").with("a", true).with("b", true).with("c", true);
        create("a", "manager", true);
        create("b", "manager", true);
        create("c", "manager", true);
        demote("c");
        RoleManager rm = new RoleManager(store, timer, group);

        rm.reconcile();
        assertThat(group.removed).containsExactly("c");
        assertThat(node("c").managerStatus()).isNotNull();
        assertThat(NodeRoles.granted(node("c"), false)).isEqualTo("manager");

        rm.reconcile();
        assertThat(node("c").managerStatus()).isNull();
        assertThat(NodeRoles.granted(node("c"), false)).isEqualTo("worker");
        assertThat(node("b").managerStatus()).isNotNull();
    }

    @Test
    void aDemotionThatWouldLoseQuorumWaits() {
        FakeGroup group = new FakeGroup("a").with("a", true).with("b", true).with("c", false);
        create("a", "manager", true);
        create("b", "manager", true);
        create("c", "manager", true);
        demote("b");
        RoleManager rm = new RoleManager(store, timer, group);

        rm.reconcile();
        assertThat(group.removed).isEmpty();
        assertThat(node("b").managerStatus()).isNotNull();
    }

    @Test
    void aMemberWhoseNodeWasRemovedLeavesTheGroup() {
        FakeGroup group = new FakeGroup("a").with("a", true).with("b", true).with("gone", true);
        create("a", "manager", true);
        create("b", "manager", true);
        new RoleManager(store, timer, group).reconcile();
        assertThat(group.removed).containsExactly("gone");
    }

    @Test
    void runsOnlyOnTheLeaderEveryPeriod() {
        FakeGroup group = new FakeGroup("b").with("a", true).with("b", true).with("c", true);
        create("a", "manager", true);
        create("b", "manager", true);
        create("c", "manager", true);
        demote("c");
        RoleManager rm = new RoleManager(store, timer, group);
        rm.start();
        timer.advance(RoleManager.PERIOD.multipliedBy(3));
        rm.stop();
        assertThat(group.removed).isEmpty();
    }

    @Test
    void startedOnTheLeaderItReconcilesEveryPeriod() {
        FakeGroup group = new FakeGroup("a").with("a", true).with("b", true).with("c", true);
        create("a", "manager", true);
        create("b", "manager", true);
        create("c", "manager", true);
        RoleManager rm = new RoleManager(store, timer, group);
        rm.start();
        timer.advance(RoleManager.PERIOD);
        assertThat(group.removed).isEmpty();
        demote("c");
        timer.advance(RoleManager.PERIOD.multipliedBy(2));
        rm.stop();
        assertThat(group.removed).containsExactly("c");
        assertThat(node("c").managerStatus()).isNull();
    }

    @Test
    void aManagerThatLeftTheGroupLosesItsManagerStatus() {
        FakeGroup group = new FakeGroup("a").with("a", true).with("b", true);
        create("a", "manager", true);
        create("b", "manager", true);
        create("left", "manager", true);
        new RoleManager(store, timer, group).reconcile();
        assertThat(group.removed).isEmpty();
        assertThat(node("left").managerStatus()).isNull();
        assertThat(node("b").managerStatus()).isNotNull();
    }
}
