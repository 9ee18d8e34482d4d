package dev.skep.store;

import static dev.skep.store.StoreFixtures.everything;
import static dev.skep.store.StoreFixtures.node;
import static dev.skep.store.StoreFixtures.service;
import static dev.skep.store.StoreFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skep.api.json.Json;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.StoredObject;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskSpec;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.model.Version;
import dev.skep.api.time.ManualTimer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicationFormatTest {
    private static final Instant PRECISE = Instant.parse("2026-11-21T15:30:00.123456789Z");
    /** Go's zero time, which the Engine API uses for "never": outside what nanoseconds in a long can hold. */
    private static final Instant GO_ZERO = Instant.parse("0001-01-01T00:00:00Z");

    private final ManualTimer timer = new ManualTimer();

    @Test
    void aProposalIsSmileAndDecodesToEqualObjects() {
        Task running = task("t1", "s1", 3, "n1").withStatus(TaskStatus.of(PRECISE, TaskState.RUNNING, "started"));
        Task stamped = (Task) task("t2", "s1", 4, null).withMeta(Version.of(42), GO_ZERO, PRECISE);
        Proposal p = new Proposal(
                PRECISE,
                List.of(
                        new Change(Kind.TASK, Change.Op.UPDATE, "t1", 7, running, true),
                        new Change(Kind.TASK, Change.Op.CREATE, "t2", 0, stamped, false),
                        new Change(Kind.SERVICE, Change.Op.CREATE, "s1", 0, serviceWithRawJson(), false),
                        new Change(Kind.NODE, Change.Op.DELETE, "n9", 12, null, false)));

        byte[] bytes = ReplicationFormat.write(p);

        assertThat(new String(bytes, 0, 3, StandardCharsets.ISO_8859_1)).isEqualTo(":)\n");
        assertThat(ReplicationFormat.read(bytes)).isEqualTo(p);
    }

    @Test
    void aProposalInTheJsonOfOlderMembersIsStillRead() {
        Service s = service("s1", "web");
        // As older members wrote entries: Json.write of the proposal, each object as its Engine API JSON.
        ObjectNode change = Json.MAPPER.createObjectNode();
        change.put("Kind", "SERVICE").put("Op", "CREATE").put("Id", "s1").put("ExpectedVersion", 0);
        change.set("Object", Json.MAPPER.valueToTree(s));
        change.put("Soft", false);
        // The object before its kind: the reader must not depend on the field order of JSON it did not write.
        ObjectNode reordered = Json.MAPPER.createObjectNode();
        reordered.set("Object", Json.MAPPER.valueToTree(task("t1", "s1", 1, "n1")));
        reordered
                .put("Kind", "TASK")
                .put("Op", "UPDATE")
                .put("Id", "t1")
                .put("ExpectedVersion", 5)
                .put("Soft", true);
        ObjectNode root = Json.MAPPER.createObjectNode().put("Time", PRECISE.toString());
        root.putArray("Changes").add(change).add(reordered);

        Proposal read = ReplicationFormat.read(Json.write(root));

        assertThat(read)
                .isEqualTo(new Proposal(
                        PRECISE,
                        List.of(
                                new Change(Kind.SERVICE, Change.Op.CREATE, "s1", 0, s, false),
                                new Change(Kind.TASK, Change.Op.UPDATE, "t1", 5, task("t1", "s1", 1, "n1"), true))));
    }

    @Test
    void aStoreAppliesAnOlderMembersJsonEntry() {
        MemoryStore store = new MemoryStore(timer.clock());
        ObjectNode change = Json.MAPPER.createObjectNode();
        change.put("Kind", "SERVICE").put("Op", "CREATE").put("Id", "s1").put("ExpectedVersion", 0);
        change.set("Object", Json.MAPPER.valueToTree(service("s1", "web")));
        change.put("Soft", false);
        ObjectNode root = Json.MAPPER.createObjectNode().put("Time", PRECISE.toString());
        root.putArray("Changes").add(change);

        ApplyResult result = store.apply(1, Json.write(root));

        assertThat(result.ok()).isTrue();
        Service s = store.view(tx -> tx.services().byName("web"));
        assertThat(s.id()).isEqualTo("s1");
        assertThat(s.version()).isEqualTo(Version.of(1));
        assertThat(s.createdAt()).isEqualTo(PRECISE);
    }

    @Test
    void aStoreRestoresAnOlderMembersJsonSnapshot() {
        MemoryStore store = new MemoryStore(timer.clock());
        store.update(tx -> {
            tx.create(node("n1", "one"));
            tx.create(service("s1", "web"));
            tx.create(task("t1", "s1", 1, "n1"));
        });
        // As older members wrote snapshots: {"Index": n, "<KIND>": [objects as Engine API JSON], ...}.
        ObjectNode root = Json.MAPPER.createObjectNode().put("Index", store.index());
        for (Kind k : Kind.values()) {
            ArrayNode list = root.putArray(k.name());
            store.view(tx -> ((StateView) tx).list(k)).forEach(o -> list.add(Json.MAPPER.valueToTree(o)));
        }

        MemoryStore copy = new MemoryStore(timer.clock());
        copy.restore(Json.write(root));

        assertThat(everything(copy)).isEqualTo(everything(store)).hasSize(3);
        assertThat(copy.index()).isEqualTo(store.index());
        List<Task> onN1 = copy.view(tx -> tx.tasksOfNode("n1"));
        assertThat(onN1).extracting(Task::id).containsExactly("t1");
    }

    @Test
    void aSnapshotIsSmileAndRestoresTimestampsExactly() {
        MemoryStore store = new MemoryStore(java.time.Clock.fixed(PRECISE, java.time.ZoneOffset.UTC));
        store.update(tx -> tx.create(task("t1", "s1", 1, "n1").withStatus(TaskStatus.of(GO_ZERO, TaskState.NEW, "x"))));

        byte[] snapshot = store.snapshot();
        MemoryStore copy = new MemoryStore(timer.clock());
        copy.restore(snapshot);

        assertThat(new String(snapshot, 0, 3, StandardCharsets.ISO_8859_1)).isEqualTo(":)\n");
        Task t1 = copy.view(tx -> tx.tasks().get("t1"));
        assertThat(t1.createdAt()).isEqualTo(PRECISE);
        assertThat(t1.status().timestamp()).isEqualTo(GO_ZERO);
        assertThat(everything(copy)).isEqualTo(everything(store));
    }

    @Test
    void everyKindAsTheEngineApiShowsItSurvivesTheRoundTrip() {
        List<Change> changes = List.of(
                change(Kind.SERVICE, Service.class, """
                        {"ID":"s1","Version":{"Index":12},"CreatedAt":"2026-11-21T15:30:00.5Z","Spec":{"Name":"web",
                        "Labels":{"a":"b"},"TaskTemplate":{"ContainerSpec":{"Image":"busybox:1","Args":["sleep","1"],
                        "Env":["A=1"],"TTY":true,"Mounts":[{"Type":"volume","Source":"v","Target":"/v"}]},
                        "Resources":{"Limits":{"NanoCPUs":500000000,"MemoryBytes":1048576},
                        "Reservations":{"NanoCPUs":100000000}},"RestartPolicy":{"Condition":"on-failure",
                        "Delay":5000000000,"MaxAttempts":3},"Placement":{"Constraints":["node.role==worker"],
                        "Preferences":[{"Spread":{"SpreadDescriptor":"node.labels.zone"}}],"MaxReplicas":2},
                        "Networks":[{"Target":"net1","Aliases":["w"]}],"ForceUpdate":2},
                        "Mode":{"Replicated":{"Replicas":3}},"UpdateConfig":{"Parallelism":2,"Delay":1000,
                        "FailureAction":"rollback","Order":"start-first"},"EndpointSpec":{"Mode":"vip",
                        "Ports":[{"Protocol":"tcp","TargetPort":80,"PublishedPort":8080,"PublishMode":"ingress"}]}},
                        "Endpoint":{"Spec":{"Mode":"vip"},"VirtualIPs":[{"NetworkID":"net1","Addr":"10.0.0.2/24"}]},
                        "UpdateStatus":{"State":"completed","StartedAt":"2026-11-21T15:31:00Z","Message":"done"}}"""),
                change(Kind.NODE, dev.skep.api.model.Node.class, """
                        {"ID":"n1","Version":{"Index":3},"Spec":{"Labels":{"zone":"a"},"Role":"manager",
                        "Availability":"active"},"Description":{"Hostname":"h1","Platform":{"Architecture":"x86_64",
                        "OS":"linux"},"Resources":{"NanoCPUs":4000000000,"MemoryBytes":8589934592},
                        "Engine":{"EngineVersion":"20.10","Labels":{"x":"y"}}},"Status":{"State":"ready",
                        "Addr":"10.1.2.3"},"ManagerStatus":{"Leader":true,"Reachability":"reachable",
                        "Addr":"10.1.2.3:2377"}}"""),
                change(Kind.NETWORK, dev.skep.api.model.Network.class, """
                        {"ID":"net1","Spec":{"Name":"backend","Labels":{"l":"v"},"DriverConfiguration":{"Name":"overlay",
                        "Options":{"o":"1"}},"IPAMOptions":{"Driver":{"Name":"default"},"Configs":[{"Subnet":
                        "10.0.9.0/24","Gateway":"10.0.9.1"}]},"Attachable":true,"Ingress":false,"EnableIPv6":false},
                        "DriverState":{"Name":"overlay","Options":{"com.docker.network.driver.overlay.vxlanid_list":
                        "4097"}},"IPAMOptions":{"Driver":{"Name":"default"},"Configs":[{"Subnet":"10.0.9.0/24",
                        "Gateway":"10.0.9.1"}]}}"""),
                change(Kind.CLUSTER, dev.skep.api.model.Cluster.class, """
                        {"ID":"c1","Version":{"Index":1},"Spec":{"Name":"default","Orchestration":
                        {"TaskHistoryRetentionLimit":5},"Raft":{"SnapshotInterval":10000,"ElectionTick":10},
                        "Dispatcher":{"HeartbeatPeriod":5000000000},"CAConfig":{"NodeCertExpiry":7776000000000000}},
                        "TLSInfo":{"TrustRoot":"-----BEGIN CERTIFICATE-----"},"DataPathPort":4789,
                        "DefaultAddrPool":["10.0.0.0/8"],"SubnetSize":24,"JoinTokens":{"Worker":"SWMTKN-1-w",
                        "Manager":"SWMTKN-1-m"}}"""));
        Proposal p = new Proposal(PRECISE, changes);

        assertThat(ReplicationFormat.read(ReplicationFormat.write(p))).isEqualTo(p);
        // The samples did fill the records (a misspelt field would be null on both sides and prove nothing).
        assertThat(Json.text(changes))
                .contains(
                        "NanoCPUs",
                        "SpreadDescriptor",
                        "PublishedPort",
                        "VirtualIPs",
                        "Architecture",
                        "Reachability",
                        "vxlanid_list",
                        "10.0.9.1",
                        "HeartbeatPeriod",
                        "SWMTKN-1-m");
    }

    private static Change change(Kind kind, Class<? extends StoredObject> type, String json) {
        StoredObject o = Json.read(json, type);
        return new Change(kind, Change.Op.UPDATE, o.id(), 1, o, false);
    }

    /** A service whose spec carries free-form JSON (the Engine API's plugin and privileges fields). */
    private static StoredObject serviceWithRawJson() {
        Service s = service("s1", "web");
        ServiceSpec spec = s.spec();
        TaskSpec t = spec.taskTemplate();
        ObjectNode raw = Json.MAPPER.createObjectNode().put("Name", "plugin").put("Ratio", 0.1);
        raw.putArray("List").add(1).add("two").add(3_000_000_000L);
        TaskSpec withRaw = new TaskSpec(
                raw,
                t.containerSpec(),
                t.networkAttachmentSpec(),
                t.resources(),
                t.restartPolicy(),
                t.placement(),
                t.forceUpdate(),
                t.runtime(),
                t.networks(),
                t.logDriver());
        ServiceSpec newSpec = new ServiceSpec(
                spec.name(),
                spec.labels(),
                withRaw,
                spec.mode(),
                spec.updateConfig(),
                spec.rollbackConfig(),
                spec.networks(),
                spec.endpointSpec());
        return s.withSpec(newSpec, null);
    }
}
