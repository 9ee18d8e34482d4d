package dev.skep.store.raft;

import static dev.skep.store.StoreFixtures.everything;
import static dev.skep.store.StoreFixtures.node;
import static dev.skep.store.StoreFixtures.renamed;
import static dev.skep.store.StoreFixtures.service;
import static dev.skep.store.StoreFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.net.Address;
import dev.skep.api.time.ManualTimer;
import dev.skep.store.ApplyResult;
import dev.skep.store.ConflictException;
import dev.skep.store.MemoryStore;
import dev.skep.store.StoreUnavailableException;
import dev.skep.trust.PrivateFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class RaftStoreTest {
    private static final Logger LOG = LoggerFactory.getLogger(RaftStoreTest.class);
    private static final Pattern SNAPSHOT_FILE = Pattern.compile("snapshot\\.(\\d+)_(\\d+)");

    @TempDir
    Path dir;

    private final ManualTimer timer = new ManualTimer();
    private final List<RaftStore> started = new ArrayList<>();

    @AfterEach
    void closeAll() throws IOException {
        for (RaftStore r : started) r.close();
    }

    private RaftConfig config(boolean fresh) throws IOException {
        return RaftConfig.single(dir, "node-1", "127.0.0.1:" + freePort(), fresh);
    }

    private RaftStore start(MemoryStore store, RaftConfig config) throws IOException {
        RaftStore raft = RaftStore.start(store, config);
        started.add(raft);
        return raft;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** One service, ten tasks on two nodes, then {@code updates} single-task updates that move tasks around. */
    private void populate(MemoryStore store, int updates) {
        store.update(tx -> {
            tx.create(node("n1", "one"));
            tx.create(node("n2", "two"));
            tx.create(service("s1", "web"));
            for (int i = 0; i < 10; i++) tx.create(task("t" + i, "s1", i + 1, "n1"));
        });
        for (int i = 0; i < updates; i++) {
            String id = "t" + (i % 10);
            String nodeId = i % 2 == 0 ? "n2" : "n1";
            timer.advance(Duration.ofMillis(10));
            store.update(tx -> tx.update(tx.tasks().get(id).withNode(nodeId)));
        }
    }

    @Test
    void aSingleMemberElectsItselfAndCommitsThroughRaft() throws IOException {
        MemoryStore store = new MemoryStore(timer.clock());
        RaftStore raft = start(store, config(true));

        assertThat(raft.isLeader()).isTrue();
        assertThat(raft.leaderId()).isEqualTo("node-1");
        assertThat(store.proposer()).isSameAs(raft.proposer());
        assertThat(raft.proposer().isLeader()).isTrue();

        ApplyResult result = store.update(tx -> tx.create(service("s1", "web")));
        Service s = store.view(tx -> tx.services().get("s1"));
        assertThat(s.version().value()).isEqualTo(result.index());
        assertThat(raft.appliedIndex()).isGreaterThanOrEqualTo(result.index());
    }

    @Test
    void aRestartFromTheSameDirectoryRestoresEveryObjectAndVersion() throws IOException {
        RaftConfig config = config(true);
        MemoryStore first = new MemoryStore(timer.clock());
        RaftStore raft = start(first, config);
        String groupId = raft.groupId().toString();
        populate(first, 100);
        Map<String, Object> before = everything(first);
        long index = first.index();
        raft.close();

        assertThat(snapshotFiles())
                .as("no snapshot below the threshold: the restart replays the log")
                .isEmpty();

        MemoryStore second = new MemoryStore(timer.clock());
        RaftStore again = start(second, config.withFresh(false));

        assertThat(again.groupId().toString()).isEqualTo(groupId);
        assertThat(everything(second)).hasSize(13).isEqualTo(before);
        assertThat(second.index()).isEqualTo(index);
        // It goes on where it stopped: the next write gets a newer version.
        second.update(tx -> tx.update(tx.tasks().get("t0").withDesiredState(TaskState.SHUTDOWN)));
        Task t0 = second.view(tx -> tx.tasks().get("t0"));
        assertThat(t0.version().value()).isGreaterThan(index);
    }

    @Test
    void snapshotsAreTakenAndARestartRestoresFromThem() throws IOException {
        RaftConfig config = config(true).withSnapshotThreshold(20);
        MemoryStore first = new MemoryStore(timer.clock());
        RaftStore raft = start(first, config);
        populate(first, 100);
        long lastSnapshot = snapshotIndex(snapshotFiles().getLast());
        first.update(tx -> tx.update(tx.tasks().get("t0").withDesiredState(TaskState.SHUTDOWN)));
        assertThat(first.index()).isGreaterThan(lastSnapshot);
        Map<String, Object> before = everything(first);
        raft.close();

        List<Path> snapshots = snapshotFiles();
        assertThat(snapshots).isNotEmpty().hasSizeLessThanOrEqualTo(RaftStore.SNAPSHOTS_RETAINED);
        Path newest = snapshots.get(snapshots.size() - 1);
        long snapshotIndex = snapshotIndex(newest);
        assertThat(snapshotIndex).isGreaterThanOrEqualTo(80);

        // The snapshot file alone holds the store as of its index.
        MemoryStore fromFile = new MemoryStore(timer.clock());
        fromFile.restore(Files.readAllBytes(newest));
        assertThat(fromFile.index()).isLessThanOrEqualTo(snapshotIndex);
        assertThat(everything(fromFile)).hasSize(13);
        List<Long> versions = fromFile.view(
                tx -> tx.tasks().all().stream().map(t -> t.version().value()).toList());
        assertThat(versions).allSatisfy(v -> assertThat(v).isLessThanOrEqualTo(snapshotIndex));

        MemoryStore second = new MemoryStore(timer.clock());
        start(second, config.withFresh(false));
        assertThat(everything(second)).isEqualTo(before);
        assertThat(second.index()).isEqualTo(first.index());
    }

    @Test
    void conflictsComeBackThroughRaft() throws IOException {
        MemoryStore store = new MemoryStore(timer.clock());
        start(store, config(true));
        store.update(tx -> {
            tx.create(service("s1", "web"));
            tx.create(service("s2", "api"));
        });
        Service stale = store.view(tx -> tx.services().get("s1"));
        store.update(tx -> tx.update(renamed(tx.services().get("s1"), "web-2")));

        assertThatThrownBy(() -> store.update(tx -> tx.update(renamed(stale, "lost"))))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e).hasMessage("update out of sequence");
                    assertThat(e.isNameConflict()).isFalse();
                });
        assertThatThrownBy(() ->
                        store.update(tx -> tx.update(renamed(tx.services().get("s2"), "web-2"))))
                .isInstanceOfSatisfying(
                        ConflictException.class,
                        e -> assertThat(e.isNameConflict()).isTrue());
        List<String> names = store.view(
                tx -> tx.services().all().stream().map(Service::name).sorted().toList());
        assertThat(names).containsExactly("api", "web-2");
    }

    @Test
    void aSoftBatchSkipsConflictsThroughRaft() throws IOException {
        MemoryStore store = new MemoryStore(timer.clock());
        start(store, config(true));
        store.update(tx -> {
            tx.create(task("t1", "s1", 1, null));
            tx.create(task("t2", "s1", 2, null));
        });
        Task staleT2 = store.view(tx -> tx.tasks().get("t2"));
        store.update(tx -> tx.update(tx.tasks().get("t2").withDesiredState(TaskState.SHUTDOWN)));

        ApplyResult result = store.batch(tx -> {
            tx.update(tx.tasks().get("t1").withNode("n1"));
            tx.update(staleT2.withNode("n1"));
        });

        assertThat(result.skipped()).isEqualTo(1);
        List<Task> onN1 = store.view(tx -> tx.tasksOfNode("n1"));
        assertThat(onN1).extracting(Task::id).containsExactly("t1");
    }

    @Test
    void closeReleasesThePortForARestart() throws IOException {
        RaftConfig config = config(true);
        RaftStore raft = start(new MemoryStore(timer.clock()), config);
        raft.close();

        int port = Address.parse(config.address()).port();
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(s.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void aForceNewClusterCutShortAfterTheWipeIsFinishedByTheNextStart() throws IOException {
        RaftConfig config = config(true);
        MemoryStore first = new MemoryStore(timer.clock());
        RaftStore raft = start(first, config);
        populate(first, 3);
        Map<String, Object> before = everything(first);
        raft.close();
        // what forceNewCluster has done when the process dies: the seed kept, the old storage gone
        PrivateFiles.write(RaftStore.seedFile(config), first.snapshot());
        RaftStore.wipe(config);

        MemoryStore second = new MemoryStore(timer.clock());
        RaftStore resumed = start(second, config.withStartup(RaftConfig.Startup.RESTART));

        assertThat(everything(second)).isEqualTo(before);
        assertThat(resumed.isLeader()).isTrue();
        assertThat(Files.exists(RaftStore.seedFile(config)))
                .as("the seed is gone once the new group has it")
                .isFalse();
    }

    @Test
    void anEntryThatCannotBeAppliedStopsTheMemberInsteadOfBeingSkipped() throws IOException {
        MemoryStore store = new MemoryStore(timer.clock());
        RaftStore raft = start(store, config(true));
        store.update(tx -> tx.create(service("s1", "web")));
        long before = store.index();

        var bad = raft.proposer().propose("not a proposal".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(bad::join).hasMessageContaining("could not apply Raft log entry");
        assertThat(store.index())
                .as("nothing after the failed entry is applied")
                .isEqualTo(before);
        assertThatThrownBy(() -> store.update(tx -> tx.create(service("s2", "db"))))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("could not apply Raft log entry");
        Service s2 = store.view(tx -> tx.services().get("s2"));
        assertThat(s2).isNull();
    }

    @Test
    void aTakenPortFailsTheStartInsteadOfEndingTheJvm() throws IOException {
        RaftConfig config = config(true);
        int port = Address.parse(config.address()).port();
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            // Ratis's gRPC server calls System.exit when it cannot bind: were that not disabled, this JVM would end
            // here and the test run would report a crashed fork
            assertThatThrownBy(() -> RaftStore.start(new MemoryStore(timer.clock()), config))
                    .isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void aProposalAfterCloseFailsAsUnavailable() throws IOException {
        MemoryStore store = new MemoryStore(timer.clock());
        RaftStore raft = start(store, config(true));
        raft.close();

        assertThatThrownBy(() -> store.update(tx -> tx.create(service("s1", "web"))))
                .isInstanceOf(StoreUnavailableException.class);
        Service s1 = store.view(tx -> tx.services().get("s1"));
        assertThat(s1).isNull();
    }

    @Test
    void recoveringWithoutAGroupFails() throws IOException {
        RaftConfig config = config(false);
        assertThatThrownBy(() -> RaftStore.start(new MemoryStore(timer.clock()), config))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Raft group");
    }

    @Test
    void aGivenClusterIdNamesTheGroupAndMustMatchOnRestart() throws IOException {
        RaftConfig config = config(true).withGroupId("cluster-abc");
        RaftStore raft = start(new MemoryStore(timer.clock()), config);
        assertThat(raft.groupId().getUuid()).isEqualTo(GroupIds.fromName("cluster-abc"));
        raft.close();

        assertThatThrownBy(() -> RaftStore.start(
                        new MemoryStore(timer.clock()), config.withFresh(false).withGroupId("cluster-other")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("belongs to Raft group");
    }

    /** Not a speed assertion: logs how long one committed update takes through Ratis on this machine. */
    @Test
    void measureTheLatencyOfACommittedUpdate() throws IOException {
        MemoryStore store = new MemoryStore(timer.clock());
        start(store, config(true));
        store.update(tx -> tx.create(task("t1", "s1", 1, "n1")));
        int rounds = 300;
        long[] nanos = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            String message = "round " + i;
            long t = System.nanoTime();
            store.update(tx ->
                    tx.update(tx.tasks().get("t1").withStatus(TaskStatus.of(timer.now(), TaskState.RUNNING, message))));
            nanos[i] = System.nanoTime() - t;
        }
        Task t1 = store.view(tx -> tx.tasks().get("t1"));
        assertThat(t1.status().message()).isEqualTo("round " + (rounds - 1));
        long[] sorted = nanos.clone();
        java.util.Arrays.sort(sorted);
        LOG.info(
                "committed update through Ratis: mean {} µs, p50 {} µs, p99 {} µs over {} sequential updates",
                java.util.Arrays.stream(nanos).sum() / rounds / 1000,
                sorted[rounds / 2] / 1000,
                sorted[rounds * 99 / 100] / 1000,
                rounds);
    }

    private List<Path> snapshotFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p ->
                            SNAPSHOT_FILE.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong(RaftStoreTest::snapshotIndex))
                    .toList();
        }
    }

    private static long snapshotIndex(Path file) {
        var m = SNAPSHOT_FILE.matcher(file.getFileName().toString());
        if (!m.matches()) throw new IllegalArgumentException(file.toString());
        return Long.parseLong(m.group(2));
    }
}
