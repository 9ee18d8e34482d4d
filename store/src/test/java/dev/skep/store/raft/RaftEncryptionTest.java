package dev.skep.store.raft;

import static dev.skep.store.StoreFixtures.everything;
import static dev.skep.store.StoreFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skep.api.model.Cluster;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.time.ManualTimer;
import dev.skep.store.raft.testing.RaftCluster;
import dev.skep.store.raft.testing.RaftCluster.Node;
import dev.skep.trust.DataKeys;
import dev.skep.trust.JoinTokens;
import dev.skep.trust.RootCA;
import dev.skep.trust.UnlockKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12 (encryption at rest): nothing secret in clear in any file of a manager's Raft directory. */
@Tag("slow") // real Ratis members, several snapshots
class RaftEncryptionTest {
    private static final String LABEL = "label-value-7f3c91d2e5";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final ManualTimer timer = new ManualTimer();
    private final List<RaftCluster> clusters = new ArrayList<>();
    private final RootCA root = RootCA.create();
    private final Cluster.JoinTokens tokens =
            new Cluster.JoinTokens(JoinTokens.token(root.digest()), JoinTokens.token(root.digest()));

    @AfterEach
    void closeAll() {
        clusters.forEach(RaftCluster::close);
    }

    private RaftCluster cluster(Path where, int size, DataKeys keys) throws IOException {
        RaftCluster c = RaftCluster.start(where, timer.clock(), size, cfg -> cfg.withSnapshotThreshold(20), keys);
        clusters.add(c);
        return c;
    }

    @Test
    void noManagerFileHoldsTheRootKeyTheJoinTokensOrALabelInClear() throws IOException {
        RaftCluster c = cluster(dir.resolve("sealed"), 3, DataKeys.generate());
        writeSecrets(c.leader());
        Node follower = c.followers().get(0);
        awaitSameState(c, c.leader());
        assertThat(snapshots(follower.config().raftDir()))
                .as("a snapshot was written")
                .isNotEmpty();

        for (Node n : c.running())
            assertThat(clearSecretsUnder(n.config().dataDir())).as(n.id()).isEmpty();

        // The log and snapshot open again after a restart.
        c.kill(follower);
        c.restart(follower);
        awaitSameState(c, c.leader());
        assertThat(labelOf(follower)).isEqualTo(LABEL);
    }

    /** The same writes without data keys leave every secret in the files: the search above can fail. */
    @Test
    void withoutDataKeysTheSameFilesHoldTheSecrets() throws IOException {
        RaftCluster c = cluster(dir.resolve("clear"), 1, null);
        writeSecrets(c.leader());
        assertThat(clearSecretsUnder(c.leader().config().dataDir()))
                .as("the key is stored as PEM, so its DER form is not expected")
                .containsExactlyInAnyOrder("root key PEM", "worker token", "manager token", "label");
    }

    @Test
    void rotationMovesEveryMemberToTheNewKeyAndRetiresOldKeysAfterASnapshot() throws Exception {
        RaftCluster c = cluster(dir.resolve("rotate"), 3, DataKeys.generate());
        Node leader = c.leader();
        String first = leader.keys().currentId();
        writeSecrets(leader);

        leader.raft().rotateDataKey().get();
        String second = leader.keys().currentId();
        assertThat(second).isNotEqualTo(first);
        for (Node n : c.running()) {
            await().atMost(PATIENCE).until(() -> second.equals(n.keys().currentId()));
            assertThat(n.keys().ids())
                    .as(n.id() + " keeps the old key for older entries")
                    .contains(first);
        }
        // A follower restarted now replays entries under both keys.
        Node follower = c.followers().get(0);
        c.kill(follower);
        create(leader, "after-first-rotation");
        c.restart(follower);
        awaitSameState(c, c.leader());

        UnlockKey unlock = UnlockKey.generate();
        c.leader().raft().setUnlockKey(unlock).get();
        for (Node n : c.running())
            await().atMost(PATIENCE).until(() -> unlock.equals(n.keys().unlockKey()));

        c.leader().raft().rotateDataKey().get();
        String third = c.leader().keys().currentId();
        for (int i = 0; i < 45; i++) create(c.leader(), "more-" + i); // past two snapshot thresholds
        awaitSameState(c, c.leader());
        for (Node n : c.running()) {
            await().atMost(PATIENCE).until(() -> !n.keys().ids().contains(first));
            assertThat(n.keys().ids()).as(n.id()).containsExactlyInAnyOrder(second, third);
            Path latest = snapshots(n.config().raftDir()).getLast();
            assertThat(DataKeys.keyIdOf(Files.readAllBytes(latest)))
                    .as("latest snapshot's key")
                    .isEqualTo(third);
            assertThat(clearSecretsUnder(n.config().dataDir())).as(n.id()).isEmpty();
            assertThat(contains(Files.readAllBytes(latest), unlock.text().getBytes(StandardCharsets.US_ASCII)))
                    .isFalse();
        }
        // The retired key is gone, yet a restart still reads everything (the snapshot and later entries need it not).
        Node again = c.followers().get(0);
        c.kill(again);
        c.restart(again);
        awaitSameState(c, c.leader());
        assertThat(labelOf(again)).isEqualTo(LABEL);
    }

    // ---- fixtures ----------------------------------------------------------------------------------------

    private void writeSecrets(Node leader) {
        Cluster.Spec spec = new Cluster.Spec(
                "default",
                Map.of(),
                null,
                null,
                null,
                new Cluster.CaConfig(null, null, root.certificatePem(), root.keyPem(), null),
                null,
                null);
        leader.store()
                .update(tx ->
                        tx.create(new Cluster("cl1", null, null, null, spec, null, null, null, null, null, tokens)));
        Service s = service("s1", "web");
        ServiceSpec old = s.spec();
        ServiceSpec labelled = new ServiceSpec(
                old.name(),
                Map.of("com.example.secret", LABEL),
                old.taskTemplate(),
                old.mode(),
                old.updateConfig(),
                old.rollbackConfig(),
                old.networks(),
                old.endpointSpec());
        leader.store().update(tx -> tx.create(s.withSpec(labelled, old)));
        for (int i = 0; i < 30; i++) create(leader, "filler-" + i); // past the snapshot threshold
    }

    private static void create(Node n, String id) {
        n.store().update(tx -> tx.create(service(id, "svc-" + id)));
    }

    private static String labelOf(Node n) {
        return n.store().view(tx -> tx.services().get("s1")).spec().labels().get("com.example.secret");
    }

    /** What of the secrets appears in clear in any file under {@code dataDir}. */
    private List<String> clearSecretsUnder(Path dataDir) throws IOException {
        Map<String, byte[]> secrets = new LinkedHashMap<>();
        secrets.put("root key PEM", pemBody(root.keyPem()));
        secrets.put("root key DER", root.key().getEncoded());
        secrets.put("worker token", tokens.worker().getBytes(StandardCharsets.US_ASCII));
        secrets.put("manager token", tokens.manager().getBytes(StandardCharsets.US_ASCII));
        secrets.put("label", LABEL.getBytes(StandardCharsets.US_ASCII));
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] content = Files.readAllBytes(f);
                secrets.forEach((what, bytes) -> {
                    if (!found.contains(what) && contains(content, bytes)) found.add(what);
                });
            }
        }
        return found;
    }

    /** The first line of the PEM body: 64 base64 characters of the key, as JSON would store them. */
    private static byte[] pemBody(String pem) {
        return pem.lines().skip(1).findFirst().orElseThrow().getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }

    private static List<Path> snapshots(Path raftDir) throws IOException {
        try (Stream<Path> walk = Files.walk(raftDir)) {
            return walk.filter(p -> p.getFileName().toString().matches("snapshot\\.\\d+_\\d+"))
                    .sorted((a, b) -> Long.compare(indexOf(a), indexOf(b)))
                    .toList();
        }
    }

    private static long indexOf(Path snapshot) {
        String n = snapshot.getFileName().toString();
        return Long.parseLong(n.substring(n.indexOf('_') + 1));
    }

    private static void awaitSameState(RaftCluster c, Node reference) {
        long index = reference.store().index();
        for (Node n : c.running()) {
            await().atMost(PATIENCE).until(() -> n.store().index() >= index);
            assertThat(everything(n.store())).as(n.id()).isEqualTo(everything(reference.store()));
        }
    }
}
