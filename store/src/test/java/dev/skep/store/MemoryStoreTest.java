package dev.skep.store;

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
import dev.skep.api.model.Version;
import dev.skep.api.time.ManualTimer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MemoryStoreTest {
    private final ManualTimer timer = new ManualTimer();
    private final MemoryStore store = new MemoryStore(timer.clock());

    private Service readService(String id) {
        return store.view(tx -> tx.services().get(id));
    }

    private Service byName(String name) {
        return store.view(tx -> tx.services().byName(name));
    }

    private Task readTask(String id) {
        return store.view(tx -> tx.tasks().get(id));
    }

    @Test
    void createStampsTheLogIndexAndTheProposalTime() {
        Instant t0 = timer.now();
        ApplyResult result = store.update(tx -> tx.create(service("s1", "web")));

        Service s = readService("s1");
        assertThat(result.ok()).isTrue();
        assertThat(s.version()).isEqualTo(Version.of(result.index()));
        assertThat(s.createdAt()).isEqualTo(t0);
        assertThat(s.updatedAt()).isEqualTo(t0);
        assertThat(store.index()).isEqualTo(result.index());
    }

    @Test
    void updateKeepsCreatedAtAndStampsTheNewIndexAndTime() {
        Instant t0 = timer.now();
        store.update(tx -> tx.create(service("s1", "web")));
        timer.advance(Duration.ofSeconds(7));

        Service before = readService("s1");
        ApplyResult result = store.update(tx -> tx.update(renamed(before, "web2")));

        Service after = readService("s1");
        assertThat(after.version().value())
                .isEqualTo(result.index())
                .isGreaterThan(before.version().value());
        assertThat(after.createdAt()).isEqualTo(t0);
        assertThat(after.updatedAt()).isEqualTo(t0.plusSeconds(7));
        assertThat(after.name()).isEqualTo("web2");
        assertThat(byName("web2")).isEqualTo(after);
        assertThat(byName("web")).isNull();
    }

    @Test
    void deleteRemovesTheObjectAndItsName() {
        store.update(tx -> tx.create(service("s1", "web")));
        store.update(tx -> tx.delete(tx.services().get("s1")));

        assertThat(readService("s1")).isNull();
        assertThat(byName("web")).isNull();
        store.update(tx -> tx.create(service("s2", "web")));
        assertThat(byName("web").id()).isEqualTo("s2");
    }

    @Test
    void writingBackAStaleVersionIsOutOfSequence() {
        store.update(tx -> tx.create(service("s1", "web")));
        Service stale = readService("s1");
        store.update(tx -> tx.update(renamed(tx.services().get("s1"), "fresh")));

        assertThatThrownBy(() -> store.update(tx -> tx.update(renamed(stale, "lost"))))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e).hasMessage("update out of sequence");
                    assertThat(e.isNameConflict()).isFalse();
                });
        assertThat(readService("s1").name()).isEqualTo("fresh");
    }

    @Test
    void deletingAStaleVersionIsOutOfSequence() {
        store.update(tx -> tx.create(service("s1", "web")));
        Service stale = readService("s1");
        store.update(tx -> tx.update(renamed(tx.services().get("s1"), "fresh")));

        assertThatThrownBy(() -> store.update(tx -> tx.delete(stale)))
                .isInstanceOf(ConflictException.class)
                .hasMessage("update out of sequence");
        assertThat(readService("s1")).isNotNull();
    }

    @Test
    void aSecondServiceWithTheSameNameIsANameConflict() {
        store.update(tx -> tx.create(service("s1", "web")));

        assertThatThrownBy(() -> store.update(tx -> tx.create(service("s2", "web"))))
                .isInstanceOfSatisfying(
                        ConflictException.class,
                        e -> assertThat(e.isNameConflict()).isTrue());
        assertThat(readService("s2")).isNull();
    }

    @Test
    void renamingOntoATakenNameIsANameConflictAtCommit() {
        store.update(tx -> {
            tx.create(service("s1", "web"));
            tx.create(service("s2", "api"));
        });

        assertThatThrownBy(() ->
                        store.update(tx -> tx.update(renamed(tx.services().get("s2"), "web"))))
                .isInstanceOfSatisfying(
                        ConflictException.class,
                        e -> assertThat(e.isNameConflict()).isTrue());
        assertThat(readService("s2").name()).isEqualTo("api");
    }

    @Test
    void aCreateThatLostTheRaceForANameIsRejectedWhenApplied() {
        store.update(tx -> tx.create(service("s1", "web")));
        // A proposal built against a state that did not have "web" yet, as a concurrent writer would send.
        Change create = new Change(Kind.SERVICE, Change.Op.CREATE, "s2", 0, service("s2", "web"), false);
        long next = store.index() + 1;

        ApplyResult result = store.apply(next, ReplicationFormat.write(new Proposal(timer.now(), List.of(create))));

        assertThat(result.ok()).isFalse();
        assertThat(result.conflict()).contains("name");
        assertThat(readService("s2")).isNull();
        assertThat(store.index()).isEqualTo(next);
    }

    @Test
    void losingARaceToADeleteIsNotANameConflictWhateverTheId() {
        store.update(tx -> tx.create(task("rename-me", "s1", 1, "n1")));
        // Capture a competing delete without applying it, then let it commit just before our update.
        byte[][] competing = new byte[1][];
        store.setProposer(p -> {
            competing[0] = p;
            return CompletableFuture.completedFuture(new ApplyResult(store.index(), null, 0));
        });
        store.update(tx -> tx.delete(tx.tasks().get("rename-me")));
        LocalProposer local = new LocalProposer(store);
        store.setProposer(p -> {
            local.propose(competing[0]);
            return local.propose(p);
        });

        assertThatThrownBy(() ->
                        store.update(tx -> tx.update(tx.tasks().get("rename-me").withNode("n2"))))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e).hasMessage("task rename-me not found");
                    assertThat(e.isNameConflict()).isFalse();
                });
        assertThat(readTask("rename-me")).isNull();
    }

    @Test
    void aConflictRejectsTheWholeTransaction() {
        store.update(tx -> {
            tx.create(task("t1", "s1", 1, "n1"));
            tx.create(task("t2", "s1", 2, "n1"));
        });
        Task staleT2 = readTask("t2");
        store.update(tx -> tx.update(tx.tasks().get("t2").withDesiredState(TaskState.SHUTDOWN)));

        assertThatThrownBy(() -> store.update(tx -> {
                    tx.update(tx.tasks().get("t1").withNode("n2"));
                    tx.update(staleT2.withNode("n2"));
                }))
                .isInstanceOf(ConflictException.class);
        assertThat(readTask("t1").nodeID()).isEqualTo("n1");
    }

    @Test
    void aSoftBatchDropsOnlyTheConflictingChanges() {
        store.update(tx -> {
            tx.create(task("t1", "s1", 1, "n1"));
            tx.create(task("t2", "s1", 2, "n1"));
        });
        Task staleT2 = readTask("t2");
        store.update(tx -> tx.update(tx.tasks().get("t2").withDesiredState(TaskState.SHUTDOWN)));

        ApplyResult result = store.batch(tx -> {
            tx.update(tx.tasks().get("t1").withNode("n2"));
            tx.update(staleT2.withNode("n2"));
        });

        assertThat(result.ok()).isTrue();
        assertThat(result.skipped()).isEqualTo(1);
        assertThat(readTask("t1").nodeID()).isEqualTo("n2");
        assertThat(readTask("t1").version().value()).isEqualTo(result.index());
        assertThat(readTask("t2").nodeID()).isEqualTo("n1");
        assertThat(readTask("t2").desiredState()).isEqualTo(TaskState.SHUTDOWN);
    }

    @Test
    void aTransactionReadsItsOwnWrites() {
        store.update(tx -> {
            tx.create(service("s0", "old"));
            tx.create(task("t0", "s0", 1, "n1"));
        });

        store.update(tx -> {
            tx.create(service("s1", "web"));
            tx.create(task("t1", "s1", 1, "n1"));
            assertThat(tx.services().get("s1").name()).isEqualTo("web");
            assertThat(tx.services().byName("web").id()).isEqualTo("s1");
            assertThat(tx.tasksOfService("s1")).extracting(Task::id).containsExactly("t1");
            assertThat(tx.tasksOfNode("n1")).extracting(Task::id).containsExactlyInAnyOrder("t0", "t1");

            tx.update(renamed(tx.services().get("s0"), "renamed"));
            assertThat(tx.services().byName("old")).isNull();
            assertThat(tx.services().byName("renamed").id()).isEqualTo("s0");

            tx.delete(tx.tasks().get("t0"));
            assertThat(tx.tasks().get("t0")).isNull();
            assertThat(tx.tasks().all()).extracting(Task::id).containsExactly("t1");
            assertThat(tx.tasksOfService("s0")).isEmpty();
        });

        assertThat(readService("s1")).isNotNull();
        assertThat(readTask("t0")).isNull();
        assertThat(readService("s0").name()).isEqualTo("renamed");
    }

    @Test
    void updatingACreatedObjectInTheSameTransactionCommitsOneCreate() {
        store.update(tx -> {
            tx.create(task("t1", "s1", 1, null));
            tx.update(tx.tasks().get("t1").withNode("n1"));
        });

        assertThat(readTask("t1").nodeID()).isEqualTo("n1");
        List<Task> onN1 = store.view(tx -> tx.tasksOfNode("n1"));
        assertThat(onN1).extracting(Task::id).containsExactly("t1");
    }

    @Test
    void theTaskIndexesFollowATaskMovedBetweenNodes() {
        store.update(tx -> {
            tx.create(node("n1", "one"));
            tx.create(node("n2", "two"));
            tx.create(task("t1", "s1", 1, "n1"));
            tx.create(task("t2", "s1", 2, "n1"));
        });

        store.update(tx -> {
            tx.update(tx.tasks().get("t1").withNode("n2"));
            assertThat(tx.tasksOfNode("n1")).extracting(Task::id).containsExactly("t2");
            assertThat(tx.tasksOfNode("n2")).extracting(Task::id).containsExactly("t1");
        });

        store.view(tx -> {
            assertThat(tx.tasksOfNode("n1")).extracting(Task::id).containsExactly("t2");
            assertThat(tx.tasksOfNode("n2")).extracting(Task::id).containsExactly("t1");
            assertThat(tx.tasksOfNode("n2").get(0)).isEqualTo(tx.tasks().get("t1"));
            assertThat(tx.tasksOfService("s1")).extracting(Task::id).containsExactlyInAnyOrder("t1", "t2");
            return null;
        });

        store.update(tx -> tx.delete(tx.tasks().get("t2")));
        store.update(tx -> tx.update(tx.tasks().get("t1").withNode(null)));
        store.view(tx -> {
            assertThat(tx.tasksOfNode("n1")).isEmpty();
            assertThat(tx.tasksOfNode("n2")).isEmpty();
            assertThat(tx.tasksOfService("s1")).extracting(Task::id).containsExactly("t1");
            return null;
        });
    }

    @Test
    void watchersSeeCommittedChangesInOrder() throws Exception {
        try (Watch all = store.watch(e -> true);
                Watch tasks = store.watch(e -> e.kind() == Kind.TASK)) {
            store.update(tx -> tx.create(service("s1", "web")));
            store.update(tx -> tx.create(task("t1", "s1", 1, "n1")));
            Task created = readTask("t1");
            store.update(tx -> tx.update(created.withStatus(TaskStatus.of(timer.now(), TaskState.RUNNING, "up"))));
            store.update(tx -> tx.delete(tx.tasks().get("t1")));

            List<Event> events = all.drain();
            assertThat(events)
                    .extracting(Event::action)
                    .containsExactly(
                            Event.Action.CREATE, Event.Action.CREATE, Event.Action.UPDATE, Event.Action.DELETE);
            assertThat(events).extracting(Event::index).isSorted().doesNotHaveDuplicates();
            Event update = events.get(2);
            assertThat(update.before()).isEqualTo(created);
            assertThat(((Task) update.after()).state()).isEqualTo(TaskState.RUNNING);
            assertThat(events.get(3).after()).isNull();
            assertThat(events.get(3).object().id()).isEqualTo("t1");

            assertThat(tasks.drain())
                    .extracting(Event::action)
                    .containsExactly(Event.Action.CREATE, Event.Action.UPDATE, Event.Action.DELETE);
        }
    }

    @Test
    void aClosedWatchGetsNothingMore() throws Exception {
        Watch w = store.watch(e -> true);
        w.close();
        store.update(tx -> tx.create(service("s1", "web")));
        assertThat(w.poll(10, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void viewAndWatchMissesNothingAndSeesNothingTwice() throws Exception {
        int total = 300;
        Thread writer = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                String id = "t" + i;
                store.update(tx -> tx.create(task(id, "s1", 1, "n1")));
            }
        });
        writer.start();
        while (store.index() < total / 3) Thread.onSpinWait();

        Watch[] watch = new Watch[1];
        List<String> seen = store.viewAndWatch(
                tx -> tx.tasks().all().stream().map(Task::id).toList(), e -> e.kind() == Kind.TASK, w -> watch[0] = w);
        writer.join();

        List<String> later = watch[0].drain().stream().map(e -> e.object().id()).toList();
        watch[0].close();
        assertThat(seen).isNotEmpty();
        assertThat(later).doesNotContainAnyElementsOf(seen);
        assertThat(seen.size() + later.size()).isEqualTo(total);
    }

    @Test
    void anEmptyTransactionProposesNothing() {
        store.update(tx -> tx.create(service("s1", "web")));
        long before = store.index();

        ApplyResult result = store.update(tx -> tx.services().all());

        assertThat(result.index()).isEqualTo(before);
        assertThat(store.index()).isEqualTo(before);
    }

    @Test
    void aSnapshotRestoresEveryObjectIndexAndName() {
        store.update(tx -> {
            tx.create(node("n1", "one"));
            tx.create(service("s1", "web"));
            tx.create(task("t1", "s1", 1, "n1"));
            tx.create(task("t2", "s1", 2, null));
        });
        timer.advance(Duration.ofMinutes(1));
        store.update(tx -> tx.update(tx.tasks().get("t2").withNode("n1")));
        byte[] snapshot = store.snapshot();

        MemoryStore copy = new MemoryStore(timer.clock());
        copy.update(tx -> tx.create(service("stale", "gone")));
        copy.restore(snapshot);

        assertThat(everything(copy)).isEqualTo(everything(store));
        assertThat(copy.index()).isEqualTo(store.index());
        copy.view(tx -> {
            assertThat(tx.services().byName("web").id()).isEqualTo("s1");
            assertThat(tx.services().byName("gone")).isNull();
            assertThat(tx.tasksOfNode("n1")).extracting(Task::id).containsExactlyInAnyOrder("t1", "t2");
            assertThat(tx.tasksOfService("s1")).hasSize(2);
            return null;
        });
        // The restored store goes on from the snapshot's index with the versions it holds.
        copy.update(tx -> tx.update(tx.tasks().get("t1").withDesiredState(TaskState.SHUTDOWN)));
        Task t1 = copy.view(tx -> tx.tasks().get("t1"));
        assertThat(t1.version().value()).isGreaterThan(store.index());
    }

    @Test
    void batchesSentBeforeEarlierOnesCommitApplyInOrderAndKeepVersionChecks() {
        store.update(tx -> tx.create(task("t1", "s1", 1, null)));
        Task read = readTask("t1");
        List<byte[]> sent = new java.util.ArrayList<>();
        List<CompletableFuture<ApplyResult>> commits = new java.util.ArrayList<>();
        store.setProposer(proposal -> {
            sent.add(proposal);
            CompletableFuture<ApplyResult> f = new CompletableFuture<>();
            commits.add(f);
            return f;
        });

        // Both staged against the same state: the second carries the version the first is about to replace.
        CompletableFuture<ApplyResult> first = store.batchAsync(tx -> tx.update(read.withNode("n1")));
        CompletableFuture<ApplyResult> second = store.batchAsync(tx -> {
            tx.update(read.withNode("n2"));
            tx.create(task("t2", "s1", 2, null));
        });
        assertThat(sent).hasSize(2);
        assertThat(first).isNotDone();
        assertThat(readTask("t1").nodeID()).isNull();
        for (int i = 0; i < sent.size(); i++) commits.get(i).complete(store.apply(store.index() + 1, sent.get(i)));

        ApplyResult one = store.await(first);
        ApplyResult two = store.await(second);
        assertThat(two.index()).isGreaterThan(one.index());
        assertThat(one.skipped()).isZero();
        assertThat(two.skipped())
                .as("the stale update is dropped, as in a batch")
                .isEqualTo(1);
        assertThat(readTask("t1").nodeID()).isEqualTo("n1");
        assertThat(readTask("t2")).isNotNull();
    }
}
