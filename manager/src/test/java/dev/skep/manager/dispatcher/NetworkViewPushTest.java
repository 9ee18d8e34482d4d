package dev.skep.manager.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.dispatcher.Assignments;
import dev.skep.api.dispatcher.NetworkView;
import dev.skep.api.model.Driver;
import dev.skep.api.model.IpamConfig;
import dev.skep.api.model.IpamOptions;
import dev.skep.api.model.Network;
import dev.skep.api.model.NetworkAttachment;
import dev.skep.api.model.NetworkAttachmentConfig;
import dev.skep.api.model.NetworkSpec;
import dev.skep.api.model.Node;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceMode;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskSpec;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.model.Version;
import dev.skep.api.time.ManualTimer;
import dev.skep.manager.Idle;
import dev.skep.store.MemoryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dispatcher hands each node its network view with COMPLETE and again whenever it changes. */
class NetworkViewPushTest {
    private static final Network APPNET = new Network(
            "appnet0000000001",
            null,
            null,
            null,
            new NetworkSpec(
                    "appnet", Map.of(), new Driver("overlay", null), null, null, null, null, null, null, "swarm"),
            new Driver("overlay", Map.of(Network.VXLAN_ID_OPTION, "4098")),
            new IpamOptions(null, List.of(new IpamConfig("10.0.1.0/24", null, "10.0.1.1"))));
    private final ManualTimer timer = new ManualTimer();
    private final MemoryStore store = new MemoryStore(timer.clock());
    private final DispatcherService dispatcher = new DispatcherService(store, timer);
    private final List<Assignments> messages = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void webOnAppnet() {
        TaskSpec template = new TaskSpec(
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of(new NetworkAttachmentConfig("appnet", null, null)),
                null);
        ServiceSpec spec =
                new ServiceSpec("web", Map.of(), template, ServiceMode.ofReplicated(1), null, null, null, null);
        store.update(tx -> {
            // n1 joined (the CA recorded it): the dispatcher takes sessions only from nodes in the store. Down, so
            // that the dispatcher's start arms no "unknown" grace timer for it, racing the session the tests open.
            tx.create(new Node(
                    "n1",
                    null,
                    null,
                    null,
                    new Node.Spec(null, Map.of(), "worker", "active"),
                    null,
                    new Node.Status("down", null, null),
                    null));
            tx.create(APPNET);
            tx.create(new Service(
                    "web",
                    null,
                    null,
                    null,
                    spec,
                    null,
                    new Service.Endpoint(null, null, List.of(new Service.VirtualIP(APPNET.id(), "10.0.1.2/24"))),
                    null,
                    null,
                    null));
            tx.create(new Task(
                    "t1",
                    null,
                    null,
                    null,
                    "web.1.t1",
                    Map.of(),
                    template,
                    Version.of(1),
                    "web",
                    1L,
                    "n1",
                    TaskStatus.of(Instant.parse("2026-01-01T00:00:00Z"), TaskState.ASSIGNED, "assigned"),
                    TaskState.RUNNING,
                    List.of(new NetworkAttachment(APPNET, List.of("10.0.1.3/24"))),
                    null));
        });
        dispatcher.start();
    }

    @AfterEach
    void stop() {
        dispatcher.stop();
    }

    /** Once the dispatcher routed every change so far, lets the batching wait pass: due views go out. */
    private void publishDue() {
        Idle.await(dispatcher::isIdle);
        timer.advance(DispatcherService.BATCH_WAIT);
    }

    private List<NetworkView> views() {
        synchronized (messages) {
            return messages.stream()
                    .map(Assignments::networks)
                    .filter(v -> v != null)
                    .toList();
        }
    }

    @Test
    void completeCarriesTheViewAndARunningBackendIsPushed() {
        dispatcher.session("n1", new Node.Description("h", null, null, null, null), "192.0.2.1", messages::add);

        NetworkView first = messages.get(0).networks();
        assertThat(messages.get(0).type()).isEqualTo(Assignments.Type.COMPLETE);
        assertThat(first.underlayAddress()).isEqualTo("192.0.2.1");
        assertThat(first.networks())
                .singleElement()
                .satisfies(n -> assertThat(n.endpoints())
                        .containsExactly(new NetworkView.Endpoint("t1", "10.0.1.3", "192.0.2.1")));
        assertThat(first.services())
                .singleElement()
                .satisfies(s -> assertThat(s.backends()).isEmpty());

        store.update(tx -> tx.update(tx.tasks()
                .get("t1")
                .withStatus(TaskStatus.of(Instant.parse("2026-01-01T00:00:01Z"), TaskState.RUNNING, "started"))));

        publishDue();
        assertThat(views())
                .hasSize(2)
                .last()
                .satisfies(v -> assertThat(v.services().get(0).backends()).containsExactly("10.0.1.3"));
    }

    @Test
    void aChangeThatLeavesTheViewAloneSendsNothing() {
        dispatcher.session("n1", new Node.Description("h", null, null, null, null), "192.0.2.1", messages::add);
        store.update(tx -> tx.create(new Node(
                "n2",
                null,
                null,
                null,
                new Node.Spec(null, Map.of(), "worker", "active"),
                null,
                new Node.Status("ready", null, "192.0.2.2"),
                null)));

        Idle.await(dispatcher::isIdle);
        assertThat(timer.pendingCount())
                .as("the recomputation the node's event scheduled, and the heartbeat")
                .isEqualTo(2);
        timer.advance(DispatcherService.BATCH_WAIT);
        assertThat(timer.pendingCount())
                .as("the heartbeat deadline only: the recomputation ran")
                .isEqualTo(1);
        assertThat(messages).hasSize(1);
    }
}
