package dev.skep.manager.dispatcher;

import static dev.skep.manager.scheduler.Fixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.dispatcher.Assignments;
import dev.skep.api.json.Json;
import dev.skep.api.model.Config;
import dev.skep.api.model.Node;
import dev.skep.api.model.Placement;
import dev.skep.api.model.Resources;
import dev.skep.api.model.Secret;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskSpec;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.time.ManualTimer;
import dev.skep.manager.Idle;
import dev.skep.store.MemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dispatcher sends a secret or config only to a node whose tasks use it, and takes it back after the last. */
class SecretDeliveryTest {
    private final ManualTimer timer = new ManualTimer();
    private final MemoryStore store = new MemoryStore(timer.clock());
    private final DispatcherService dispatcher = new DispatcherService(store, timer);
    private final List<Assignments> n1 = Collections.synchronizedList(new ArrayList<>());
    private final List<Assignments> n2 = Collections.synchronizedList(new ArrayList<>());
    private final Node.Description description = new Node.Description(
            "w", new Placement.Platform("x86_64", "linux"), new Resources(1L, 1L, null, null), null, null);

    @BeforeEach
    void setUp() {
        store.update(tx -> {
            tx.create(new Secret(
                    "sec1", null, null, null, new Secret.SecretSpec("pw", null, new byte[] {7}, null, null)));
            tx.create(new Secret(
                    "sec2", null, null, null, new Secret.SecretSpec("other", null, new byte[] {8}, null, null)));
            tx.create(new Config("cfg1", null, null, null, new Config.ConfigSpec("conf", null, new byte[] {9}, null)));
            // the nodes as the CA records them when they join: the dispatcher serves no node the store lacks
            for (String node : List.of("n1", "n2")) {
                tx.create(new Node(
                        node,
                        null,
                        null,
                        null,
                        new Node.Spec(null, java.util.Map.of(), "worker", "active"),
                        null,
                        new Node.Status("unknown", null, null),
                        null));
            }
        });
        dispatcher.start();
    }

    @AfterEach
    void stop() {
        dispatcher.stop();
    }

    static TaskSpec using(String... secretIds) {
        StringBuilder refs = new StringBuilder();
        for (String id : secretIds) {
            if (!refs.isEmpty()) refs.append(',');
            refs.append("{\"File\":{\"Name\":\"%s\"},\"SecretID\":\"%s\",\"SecretName\":\"x\"}".formatted(id, id));
        }
        return Json.read(
                ("{\"ContainerSpec\":{\"Image\":\"busybox\",\"Secrets\":[%s],"
                                + "\"Configs\":[{\"File\":{\"Name\":\"/c\"},\"ConfigID\":\"cfg1\",\"ConfigName\":\"conf\"}]}}")
                        .formatted(refs),
                TaskSpec.class);
    }

    private void flush() {
        Idle.await(dispatcher::isIdle);
        timer.advance(Duration.ofMillis(100));
        Idle.await(dispatcher::isIdle);
    }

    private static List<String> sent(List<Assignments> ms) {
        synchronized (ms) {
            return ms.stream()
                    .map(Assignments::secrets)
                    .filter(Objects::nonNull)
                    .flatMap(List::stream)
                    .map(Secret::id)
                    .toList();
        }
    }

    private static List<String> forgotten(List<Assignments> ms) {
        synchronized (ms) {
            return ms.stream()
                    .map(Assignments::removedSecrets)
                    .filter(Objects::nonNull)
                    .flatMap(List::stream)
                    .toList();
        }
    }

    private void change(String taskId, java.util.function.UnaryOperator<Task> f) {
        store.update(tx -> tx.update(f.apply(tx.tasks().get(taskId))));
    }

    @Test
    void theCompleteMessageCarriesOnlyWhatTheNodesTasksUse() {
        store.update(tx -> {
            tx.create(task("a", "s", 1, using("sec1"), TaskState.RUNNING, "n1"));
            tx.create(task("b", "s", 2, using("sec2"), TaskState.PENDING, "n1")); // not assigned yet
            tx.create(task("c", "s", 3, using("sec2"), TaskState.COMPLETE, "n1")); // ended
        });
        dispatcher.session("n1", description, n1::add);
        dispatcher.session("n2", description, n2::add);

        Assignments complete = n1.get(0);
        assertThat(complete.secrets()).extracting(Secret::id).containsExactly("sec1");
        assertThat(complete.secrets().get(0).spec().data()).containsExactly(7);
        assertThat(complete.configs()).extracting(Config::id).containsExactly("cfg1");
        assertThat(n2.get(0).secrets()).isEmpty();
        assertThat(dispatcher.secretsHeldBy("n2")).isEmpty();
        assertThat(complete.toString()).contains("sec1").doesNotContain("[7]");
    }

    @Test
    void aSecretIsSentOnceWithTheFirstTaskAndForgottenAfterTheLast() {
        dispatcher.session("n1", description, n1::add);
        dispatcher.session("n2", description, n2::add);

        store.update(tx -> tx.create(task("a", "s", 1, using("sec1"), TaskState.ASSIGNED, "n1")));
        flush();
        store.update(tx -> tx.create(task("b", "s", 2, using("sec1"), TaskState.ASSIGNED, "n1")));
        flush();
        assertThat(sent(n1)).containsExactly("sec1");
        assertThat(dispatcher.secretsHeldBy("n1")).containsExactly("sec1");
        assertThat(sent(n2)).isEmpty();

        change("a", t -> t.withStatus(TaskStatus.of(timer.now(), TaskState.FAILED, "exit 1")));
        flush();
        assertThat(forgotten(n1)).isEmpty(); // b still uses it

        store.update(tx -> tx.delete(tx.tasks().get("b")));
        flush();
        assertThat(forgotten(n1)).containsExactly("sec1");
        assertThat(dispatcher.secretsHeldBy("n1")).isEmpty();
        synchronized (n1) {
            assertThat(n1.stream()
                            .map(Assignments::removedConfigs)
                            .filter(Objects::nonNull)
                            .flatMap(List::stream))
                    .containsExactly("cfg1");
        }
        assertThat(sent(n2)).isEmpty();
        assertThat(forgotten(n2)).isEmpty();
    }

    @Test
    void aTaskMovedToAnotherNodeTakesItsSecretsAlong() {
        dispatcher.session("n1", description, n1::add);
        dispatcher.session("n2", description, n2::add);
        store.update(tx -> tx.create(task("a", "s", 1, using("sec1", "sec2"), TaskState.ASSIGNED, "n1")));
        flush();
        change("a", t -> t.withNode("n2"));
        flush();
        assertThat(Stream.of(sent(n1), forgotten(n1)))
                .containsExactly(List.of("sec1", "sec2"), List.of("sec1", "sec2"));
        assertThat(sent(n2)).containsExactly("sec1", "sec2");
        assertThat(dispatcher.secretsHeldBy("n1")).isEmpty();
        assertThat(dispatcher.secretsHeldBy("n2")).containsExactlyInAnyOrder("sec1", "sec2");
    }
}
