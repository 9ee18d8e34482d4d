package dev.skep.manager.orchestrator.constraint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.model.Node;
import dev.skep.api.model.Placement;
import dev.skep.api.model.ResourceRequirements;
import dev.skep.api.model.Resources;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceMode;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskSpec;
import dev.skep.api.model.TaskState;
import dev.skep.manager.orchestrator.Fixture;
import dev.skep.manager.orchestrator.replicated.ReplicatedOrchestrator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConstraintEnforcerTest {
    private static final long CPU = 1_000_000_000L;
    private final Fixture f = new Fixture();

    @BeforeEach
    void start() {
        node("A", Map.of("zone", "a", "disk", "ssd"), 2 * CPU);
        f.start(new ReplicatedOrchestrator(f.store, f.timer));
        f.start(new ConstraintEnforcer(f.store, f.timer));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void aTaskWhoseNodeLostTheConstrainedLabelIsRejectedAndReplaced() {
        Service s = f.create(service(List.of("node.labels.zone==a"), null));
        Task old = f.tasks(s.id()).get(0);
        f.run(old.id(), "A");

        setLabels("A", Map.of("disk", "ssd"));

        Task rejected = f.task(old.id());
        assertThat(rejected.state()).isEqualTo(TaskState.REJECTED);
        assertThat(rejected.status().message()).isEqualTo("task rejected by constraint enforcer");
        assertThat(rejected.status().err()).isEqualTo("assigned node no longer meets constraints");
        assertThat(rejected.desiredState()).isEqualTo(TaskState.SHUTDOWN); // the orchestrator's doing
        assertThat(f.runnable(s.id()))
                .singleElement()
                .satisfies(t -> assertThat(t.id()).isNotEqualTo(old.id()))
                .satisfies(t -> assertThat(t.slotNumber()).isEqualTo(1));
    }

    @Test
    void aLabelChangeThatKeepsTheConstraintsTrueMovesNothing() {
        Service s = f.create(service(List.of("node.labels.zone==a"), null));
        Task old = f.tasks(s.id()).get(0);
        f.run(old.id(), "A");

        setLabels("A", Map.of("zone", "a"));

        assertThat(f.task(old.id()).state()).isEqualTo(TaskState.RUNNING);
        assertThat(f.runnable(s.id())).extracting(Task::id).containsExactly(old.id());
    }

    @Test
    void tasksOnAPausedNodeAreLeftAlone() {
        Service s = f.create(service(List.of("node.labels.zone==a"), null));
        Task old = f.tasks(s.id()).get(0);
        f.run(old.id(), "A");
        f.setAvailability("A", "pause");

        setLabels("A", Map.of());

        assertThat(f.task(old.id()).state()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void tasksThatNoLongerFitTheNodesResourcesAreRejectedBeyondWhatFits() {
        Service s = f.create(service(List.of(), CPU));
        f.scale(s.id(), 2);
        f.runAll(s.id(), "A");

        setCpus("A", CPU);

        List<Task> tasks = f.tasks(s.id());
        assertThat(tasks).filteredOn(t -> t.state() == TaskState.REJECTED).hasSize(1);
        assertThat(tasks).filteredOn(t -> t.state() == TaskState.RUNNING).hasSize(1);
    }

    @Test
    void aTaskAlreadyToldToStopIsNotRejected() {
        Service s = f.create(service(List.of("node.labels.zone==a"), null));
        Task old = f.tasks(s.id()).get(0);
        f.run(old.id(), "A");
        f.store.update(tx -> tx.update(tx.tasks().get(old.id()).withDesiredState(TaskState.SHUTDOWN)));

        assertThat(ConstraintEnforcer.noncompliant(
                        f.store
                                .view(tx -> tx.nodes().get("A"))
                                .withSpec(new Node.Spec(null, Map.of(), "worker", "active")),
                        List.of(f.task(old.id()))))
                .isEmpty();
    }

    private ServiceSpec service(List<String> constraints, Long cpus) {
        ServiceSpec base = Fixture.replicated("web", 1);
        TaskSpec t = base.taskTemplate();
        ResourceRequirements resources =
                cpus == null ? null : new ResourceRequirements(null, new Resources(cpus, null, null, null));
        TaskSpec placed = new TaskSpec(
                t.pluginSpec(),
                t.containerSpec(),
                t.networkAttachmentSpec(),
                resources,
                t.restartPolicy(),
                new Placement(constraints, null, null, null),
                t.forceUpdate(),
                t.runtime(),
                t.networks(),
                t.logDriver());
        return new ServiceSpec(
                base.name(),
                base.labels(),
                placed,
                ServiceMode.ofReplicated(1),
                base.updateConfig(),
                base.rollbackConfig(),
                base.networks(),
                base.endpointSpec());
    }

    private void node(String id, Map<String, String> labels, long cpus) {
        Node n = new Node(
                id,
                null,
                null,
                null,
                new Node.Spec(null, labels, "worker", "active"),
                new Node.Description("host-" + id, null, new Resources(cpus, 1L << 30, null, null), null, null),
                new Node.Status("ready", null, "10.0.0.1"),
                null);
        f.store.update(tx -> tx.create(n));
    }

    private void setLabels(String nodeId, Map<String, String> labels) {
        f.store.update(tx -> {
            Node n = tx.nodes().get(nodeId);
            tx.update(n.withSpec(new Node.Spec(
                    n.spec().name(), labels, n.spec().role(), n.spec().availability())));
        });
        f.awaitIdle();
    }

    private void setCpus(String nodeId, long cpus) {
        f.store.update(tx -> {
            Node n = tx.nodes().get(nodeId);
            Node.Description d = n.description();
            tx.update(n.withDescription(new Node.Description(
                    d.hostname(),
                    d.platform(),
                    new Resources(cpus, d.resources().memoryBytes(), null, null),
                    d.engine(),
                    d.tlsInfo())));
        });
        f.awaitIdle();
    }
}
