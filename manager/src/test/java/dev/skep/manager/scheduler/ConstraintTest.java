package dev.skep.manager.scheduler;

import static dev.skep.manager.scheduler.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skep.api.model.Node;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConstraintTest {
    private final Node worker = node("n1", Map.of("zone", "East", "Disk", "ssd"));

    private static boolean matches(Node n, String... exprs) {
        return Constraint.nodeMatches(Constraint.parse(List.of(exprs)), n);
    }

    @Test
    void parsesKeyOperatorAndValueTrimmingSpaces() {
        List<Constraint> cs = Constraint.parse(List.of(" node.role == worker ", "node.labels.zone!=west"));

        assertThat(cs).extracting(Constraint::key).containsExactly("node.role", "node.labels.zone");
        assertThat(cs).extracting(Constraint::operator)
                .containsExactly(Constraint.Operator.EQ, Constraint.Operator.NOT_EQ);
        assertThat(cs).extracting(Constraint::value).containsExactly("worker", "west");
    }

    @Test
    void nullOrEmptyListParsesToNoConstraints() {
        assertThat(Constraint.parse(null)).isEmpty();
        assertThat(Constraint.parse(List.of())).isEmpty();
    }

    @Test
    void rejectsAnExpressionWithoutOperatorWithSwarmKitsMessage() {
        assertThatThrownBy(() -> Constraint.parse(List.of("node.role=manager")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("constraint expected one operator from ==, !=");
        assertThatThrownBy(() -> Constraint.parse(List.of("node.role>manager")))
                .hasMessage("constraint expected one operator from ==, !=");
    }

    @Test
    void rejectsInvalidKeysAndValues() {
        assertThatThrownBy(() -> Constraint.parse(List.of("==worker")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("key '' is invalid");
        assertThatThrownBy(() -> Constraint.parse(List.of("1node.role==worker")))
                .hasMessage("key '1node.role' is invalid");
        assertThatThrownBy(() -> Constraint.parse(List.of("node.role==")))
                .hasMessage("value '' is invalid");
        assertThatThrownBy(() -> Constraint.parse(List.of("node.labels.a==b<c")))
                .hasMessage("value 'b<c' is invalid");
    }

    @Test
    void oneBadExpressionFailsTheWholeList() {
        assertThatThrownBy(() -> Constraint.parse(List.of("node.role==worker", "bogus")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void matchesNodeIdHostnameAndRole() {
        assertThat(matches(worker, "node.id==n1")).isTrue();
        assertThat(matches(worker, "node.id!=n1")).isFalse();
        assertThat(matches(worker, "node.hostname==host-n1")).isTrue();
        assertThat(matches(worker, "node.hostname==other")).isFalse();
        assertThat(matches(worker, "node.role==worker")).isTrue();
        assertThat(matches(worker, "node.role==manager")).isFalse();
        assertThat(matches(worker, "node.role!=manager")).isTrue();
    }

    @Test
    void keysAndValuesAreCaseInsensitiveButLabelNamesAreNot() {
        assertThat(matches(worker, "NODE.ROLE==WORKER")).isTrue();
        assertThat(matches(worker, "Node.Labels.zone==east")).isTrue();
        assertThat(matches(worker, "node.labels.Disk==SSD")).isTrue();
        assertThat(matches(worker, "node.labels.disk==ssd")).isFalse();
    }

    @Test
    void matchesPlatform() {
        assertThat(matches(worker, "node.platform.os==linux", "node.platform.arch==x86_64")).isTrue();
        assertThat(matches(worker, "node.platform.os==windows")).isFalse();
    }

    @Test
    void missingLabelCountsAsEmpty() {
        assertThat(matches(worker, "node.labels.rack==r1")).isFalse();
        assertThat(matches(worker, "node.labels.rack!=r1")).isTrue();
    }

    @Test
    void matchesEngineLabels() {
        Node n = worker.withDescription(new Node.Description("h", null, null,
                new Node.Engine("20.10", Map.of("gpu", "yes"), List.of()), null));

        assertThat(matches(n, "engine.labels.gpu==yes")).isTrue();
        assertThat(matches(n, "engine.labels.gpu!=yes")).isFalse();
        assertThat(matches(worker, "engine.labels.gpu==yes")).isFalse();
    }

    @Test
    void nodeWithoutDescriptionMatchesOnlyEmptyValues() {
        Node bare = new Node("n9", null, null, null, new Node.Spec(null, null, "worker", "active"), null, null, null);

        assertThat(matches(bare, "node.hostname!=h")).isTrue();
        assertThat(matches(bare, "node.hostname==h")).isFalse();
        assertThat(matches(bare, "node.platform.os==linux")).isFalse();
    }

    @Test
    void matchesNodeIpAndSubnet() {
        assertThat(matches(worker, "node.ip==10.0.0.1")).isTrue();
        assertThat(matches(worker, "node.ip!=10.0.0.1")).isFalse();
        assertThat(matches(worker, "node.ip==10.0.0.0/24")).isTrue();
        assertThat(matches(worker, "node.ip==10.0.1.0/24")).isFalse();
        assertThat(matches(worker, "node.ip!=10.0.1.0/24")).isTrue();
        assertThat(matches(worker, "node.ip==notanaddress")).isFalse();
    }

    @Test
    void unknownKeyParsesButNeverMatches() {
        assertThat(Constraint.parse(List.of("node.colour==red"))).hasSize(1);
        assertThat(matches(worker, "node.colour==red")).isFalse();
        assertThat(matches(worker, "node.colour!=red")).isFalse();
    }

    @Test
    void allConstraintsMustHold() {
        assertThat(matches(worker, "node.role==worker", "node.labels.zone==east")).isTrue();
        assertThat(matches(worker, "node.role==worker", "node.labels.zone==west")).isFalse();
    }
}
