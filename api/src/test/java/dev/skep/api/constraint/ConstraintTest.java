package dev.skep.api.constraint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skep.api.model.Node;
import dev.skep.api.model.Placement;
import dev.skep.api.model.Resources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConstraintTest {
    private final Node worker = node("n1", Map.of("zone", "East", "Disk", "ssd"));

    /** A ready worker with 4 CPUs and 8 GB on linux/x86_64 at 10.0.0.1, as the scheduler's fixtures build it. */
    private static Node node(String id, Map<String, String> labels) {
        Node.Description d = new Node.Description(
                "host-" + id,
                new Placement.Platform("x86_64", "linux"),
                new Resources(4_000_000_000L, 8L << 30, null, null),
                new Node.Engine("20.10.0", Map.of(), List.of()),
                null);
        return new Node(
                id,
                null,
                null,
                null,
                new Node.Spec(null, labels, "worker", "active"),
                d,
                new Node.Status("ready", null, "10.0.0.1"),
                null);
    }

    private static boolean matches(Node n, String... exprs) {
        return Constraint.nodeMatches(Constraint.parse(List.of(exprs)), n);
    }

    @Test
    void parsesKeyOperatorAndValueTrimmingSpaces() {
        List<Constraint> cs = Constraint.parse(List.of(" node.role == worker ", "node.labels.zone!=west"));

        assertThat(cs).extracting(Constraint::key).containsExactly("node.role", "node.labels.zone");
        assertThat(cs)
                .extracting(Constraint::operator)
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
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key '' is invalid");
        assertThatThrownBy(() -> Constraint.parse(List.of("1node.role==worker")))
                .hasMessage("key '1node.role' is invalid");
        assertThatThrownBy(() -> Constraint.parse(List.of("node.role=="))).hasMessage("value '' is invalid");
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
        assertThat(matches(worker, "node.platform.os==linux", "node.platform.arch==x86_64"))
                .isTrue();
        assertThat(matches(worker, "node.platform.os==windows")).isFalse();
    }

    @Test
    void missingLabelCountsAsEmpty() {
        assertThat(matches(worker, "node.labels.rack==r1")).isFalse();
        assertThat(matches(worker, "node.labels.rack!=r1")).isTrue();
    }

    @Test
    void matchesEngineLabels() {
        Node n = worker.withDescription(
                new Node.Description("h", null, null, new Node.Engine("20.10", Map.of("gpu", "yes"), List.of()), null));

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
        assertThat(matches(worker, "node.role==worker", "node.labels.zone==east"))
                .isTrue();
        assertThat(matches(worker, "node.role==worker", "node.labels.zone==west"))
                .isFalse();
    }

    @Test
    void allowsTreatsUnparsableOrMissingConstraintsAsNone() {
        assertThat(Constraint.allows(null, worker)).isTrue();
        assertThat(Constraint.allows(List.of(), worker)).isTrue();
        assertThat(Constraint.allows(List.of("node.role=manager"), worker)).isTrue();
        assertThat(Constraint.allows(List.of("node.role==manager"), worker)).isFalse();
        assertThat(Constraint.allows(List.of("node.role==worker"), worker)).isTrue();
    }

    @Test
    void labelKeysAndValues() {
        Node n = worker.withDescription(
                new Node.Description("h", null, null, new Node.Engine("20.10", Map.of("gpu", "yes"), List.of()), null));

        assertThat(Constraint.isLabel("Node.Labels.zone")).isTrue();
        assertThat(Constraint.isLabel("engine.labels.gpu")).isTrue();
        assertThat(Constraint.isLabel("node.labels.")).isFalse();
        assertThat(Constraint.isLabel("node.hostname")).isFalse();
        assertThat(Constraint.labelValue(worker, "NODE.LABELS.zone")).isEqualTo("East");
        assertThat(Constraint.labelValue(worker, "node.labels.rack")).isEmpty();
        assertThat(Constraint.labelValue(n, "engine.labels.gpu")).isEqualTo("yes");
    }
}
