package dev.skep.manager.scheduler;

import static dev.skep.manager.scheduler.Fixtures.CPU;
import static dev.skep.manager.scheduler.Fixtures.GB;
import static dev.skep.manager.scheduler.Fixtures.node;
import static dev.skep.manager.scheduler.Fixtures.pending;
import static dev.skep.manager.scheduler.Fixtures.reserve;
import static dev.skep.manager.scheduler.Fixtures.spec;
import static dev.skep.manager.scheduler.Fixtures.task;
import static dev.skep.manager.scheduler.Fixtures.withState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.model.Node;
import dev.skep.api.model.Resources;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskSpec;
import dev.skep.api.model.TaskState;
import dev.skep.api.resources.GenericResources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The placement step on its own: nodes and a task group in, decisions out; no store, no thread. */
class PlacerTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:10Z");
    private final NodeSet nodes = new NodeSet();
    private final Placer placer = new Placer(nodes, t -> Set.of(), serviceId -> null);

    private void nodes(Node... ns) {
        for (Node n : ns) nodes.put(new NodeInfo(n));
    }

    private static List<Task> group(int n, TaskSpec spec) {
        List<Task> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) out.add(pending("s-t" + i, "s", i, spec));
        return out;
    }

    private static Map<String, Long> perNode(List<Decision> decisions) {
        return decisions.stream()
                .map(Decision::updated)
                .filter(t -> t.state() == TaskState.ASSIGNED)
                .collect(Collectors.groupingBy(Task::nodeID, TreeMap::new, Collectors.counting()));
    }

    @Test
    void spreadsAGroupAndBooksEveryPlacementOnItsNode() {
        nodes(node("n1"), node("n2"), node("n3"));

        List<Decision> decisions = placer.place(group(10, spec()), NOW);

        assertThat(decisions).hasSize(10).allSatisfy(d -> {
            assertThat(d.updated().state()).isEqualTo(TaskState.ASSIGNED);
            assertThat(d.updated().status().message()).isEqualTo(Placer.ASSIGNED_MESSAGE);
            assertThat(d.updated().status().timestamp()).isEqualTo(NOW);
        });
        assertThat(decisions).extracting(d -> d.old().slotNumber()).isSorted();
        assertThat(perNode(decisions).values()).containsExactlyInAnyOrder(4L, 3L, 3L);
        assertThat(nodes.all()).extracting(n -> n.activeTasksOf("s")).containsExactlyInAnyOrder(4, 3, 3);

        // the next group sees the booked tasks: two more go to the nodes with three
        assertThat(perNode(placer.place(
                                List.of(pending("s-t11", "s", 11, spec()), pending("s-t12", "s", 12, spec())), NOW))
                        .values())
                .containsOnly(1L);
        assertThat(nodes.all()).extracting(n -> n.activeTasksOf("s")).containsOnly(4);
    }

    @Test
    void genericResourcesAreAssignedUnitByUnitAndGivenBackWhenATaskEnds() {
        Node gpus = node("gpus");
        var d = gpus.description();
        gpus = gpus.withDescription(new Node.Description(
                d.hostname(),
                d.platform(),
                new Resources(
                        4 * CPU, 8 * GB, null, GenericResources.parse(List.of("gpu=GPU-b", "gpu=GPU-a", "ssd=3"))),
                d.engine(),
                d.tlsInfo()));
        nodes(gpus, node("plain"));
        TaskSpec wants = spec(null, new Resources(null, null, null, GenericResources.parse(List.of("gpu=1", "ssd=1"))));

        List<Decision> decisions = placer.place(group(3, wants), NOW);

        assertThat(perNode(decisions)).containsExactlyEntriesOf(Map.of("gpus", 2L));
        assertThat(decisions.subList(0, 2))
                .extracting(x -> GenericResources.env(x.updated().assignedGenericResources()))
                .containsExactly(
                        List.of("DOCKER_RESOURCE_GPU=GPU-a", "DOCKER_RESOURCE_SSD=1"),
                        List.of("DOCKER_RESOURCE_GPU=GPU-b", "DOCKER_RESOURCE_SSD=1"));
        assertThat(decisions.get(2).updated().status().err())
                .isEqualTo("no suitable node (insufficient resources on 2 nodes)");

        // the first task ends: its GPU is free again and goes to the next task
        nodes.get("gpus").removeTask(decisions.get(0).updated().id());
        List<Decision> next = placer.place(List.of(pending("s-t4", "s", 4, wants)), NOW);
        assertThat(GenericResources.env(next.get(0).updated().assignedGenericResources()))
                .containsExactly("DOCKER_RESOURCE_GPU=GPU-a", "DOCKER_RESOURCE_SSD=1");
    }

    @Test
    void whatFitsNowhereStaysPendingWithSwarmKitsExplanation() {
        nodes(node("n1"), node("n2"), withState(node("down"), "down"));
        TaskSpec big = spec(null, reserve(3 * CPU, GB));

        List<Decision> decisions = placer.place(group(4, big), NOW);

        assertThat(perNode(decisions)).containsExactlyInAnyOrderEntriesOf(Map.of("n1", 1L, "n2", 1L));
        assertThat(decisions.subList(2, 4)).allSatisfy(d -> {
            assertThat(d.updated().state()).isEqualTo(TaskState.PENDING);
            assertThat(d.updated().nodeID()).isNull();
            assertThat(d.updated().status().err())
                    .isEqualTo(
                            "no suitable node (insufficient resources on 2 nodes; 1 node not available for new tasks)");
        });
    }

    @Test
    void aPreassignedTaskIsConfirmedOnItsNodeOrExplained() {
        nodes(node("n1"), withState(node("n2"), "down"));

        Decision fits = placer.placePreassigned(task("g1", "s", 0, spec(), TaskState.PENDING, "n1"), NOW);
        Decision not = placer.placePreassigned(task("g2", "s", 0, spec(), TaskState.PENDING, "n2"), NOW);

        assertThat(fits.updated().state()).isEqualTo(TaskState.ASSIGNED);
        assertThat(fits.updated().status().message()).isEqualTo(Placer.PREASSIGNED_MESSAGE);
        assertThat(nodes.get("n1").hasTask("g1")).isTrue();
        assertThat(not.updated().state()).isEqualTo(TaskState.PENDING);
        assertThat(not.updated().status().err()).isEqualTo("1 node not available for new tasks");
        assertThat(placer.placePreassigned(task("g3", "s", 0, spec(), TaskState.PENDING, "unknown"), NOW))
                .isNull();
    }
}
