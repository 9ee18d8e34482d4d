package dev.skep.cluster.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.dispatcher.LogSource.LogOptions;
import dev.skep.api.json.Json;
import dev.skep.api.model.Task;
import dev.skep.cluster.logs.LogsProtocol.ListenMessage;
import dev.skep.cluster.logs.LogsProtocol.LogLine;
import dev.skep.cluster.logs.LogsProtocol.PublishRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The broker with fake agent streams: what each node is asked for, and where published lines go. */
class LogBrokerTest {
    private static final LogOptions FOLLOW = new LogOptions(true, true, true, false, "all", 0, 0);
    private static final LogOptions ONCE = new LogOptions(true, true, false, false, "all", 0, 0);
    private final LogBroker broker = new LogBroker();

    /** An agent's listen stream that records what it was sent. */
    private static final class FakeAgent implements LogBroker.Listener {
        final List<ListenMessage> received = new CopyOnWriteArrayList<>();

        @Override
        public void send(ListenMessage message) {
            received.add(message);
        }

        String lastSubscription() {
            return received.stream()
                    .filter(m -> m.subscription() != null)
                    .reduce((a, b) -> b)
                    .orElseThrow()
                    .subscription()
                    .id();
        }

        List<String> cancelled() {
            return received.stream()
                    .filter(m -> m.cancel() != null)
                    .map(ListenMessage::cancel)
                    .toList();
        }
    }

    /** Records lines as "task:stream:text". */
    private static final class Lines implements ClusterLogs.TaskLogSink {
        final List<String> lines = new ArrayList<>();
        int stopAfter = Integer.MAX_VALUE;

        @Override
        public synchronized boolean line(String taskId, int stream, byte[] line) {
            lines.add(taskId + ":" + stream + ":" + new String(line, StandardCharsets.UTF_8));
            return lines.size() < stopAfter;
        }
    }

    @Test
    void eachNodeIsAskedForItsOwnTasksAndTheirLinesReachTheSubscriber() {
        FakeAgent n1 = new FakeAgent();
        FakeAgent n2 = new FakeAgent();
        broker.listen("n1", n1);
        broker.listen("n2", n2);
        Lines sink = new Lines();

        LogBroker.Handle h =
                broker.subscribe(List.of(task("t1", "n1"), task("t2", "n2"), task("t3", "n1")), ONCE, sink);

        assertThat(n1.received).singleElement().satisfies(m -> {
            assertThat(m.subscription().tasks()).extracting(Task::id).containsExactly("t1", "t3");
            assertThat(m.subscription().options()).isEqualTo(ONCE);
        });
        assertThat(n2.received)
                .singleElement()
                .satisfies(m -> assertThat(m.subscription().tasks())
                        .extracting(Task::id)
                        .containsExactly("t2"));
        String id = n1.lastSubscription();
        assertThat(n2.lastSubscription()).isEqualTo(id);

        assertThat(broker.publish("n1", publish(id, List.of(line("t1", 1, "a"), line("t3", 2, "b")), List.of("t1"))))
                .isTrue();
        assertThat(broker.publish("n2", publish(id, List.of(line("t2", 1, "c")), List.of("t2"))))
                .isTrue();
        assertThat(h.finished()).isNotDone();
        assertThat(broker.publish("n1", publish(id, List.of(line("t3", 1, "d")), List.of("t3"))))
                .isFalse();

        assertThat(h.finished()).isDone();
        assertThat(sink.lines).containsExactly("t1:1:a", "t3:2:b", "t2:1:c", "t3:1:d");
        assertThat(broker.openSubscriptions()).isZero();
        assertThat(n1.cancelled()).isEmpty();
        assertThat(h.problems()).isEmpty();
    }

    @Test
    void aNodeCannotPublishLinesOfAnotherNodesTask() {
        FakeAgent n1 = new FakeAgent();
        FakeAgent n2 = new FakeAgent();
        broker.listen("n1", n1);
        broker.listen("n2", n2);
        Lines sink = new Lines();
        LogBroker.Handle h = broker.subscribe(List.of(task("t1", "n1"), task("t2", "n2")), ONCE, sink);
        String id = n1.lastSubscription();

        broker.publish("n2", publish(id, List.of(line("t1", 1, "forged")), List.of("t1")));

        assertThat(sink.lines).isEmpty();
        assertThat(h.finished()).isNotDone();
    }

    @Test
    void tasksOfNodesThatAreNotConnectedAreSkippedWithoutWaiting() {
        FakeAgent n1 = new FakeAgent();
        broker.listen("n1", n1);
        Lines sink = new Lines();

        LogBroker.Handle none = broker.subscribe(List.of(task("t2", "gone")), ONCE, sink);
        assertThat(none.finished()).isDone();
        assertThat(none.problems()).containsExactly("node gone is not available");

        LogBroker.Handle some = broker.subscribe(List.of(task("t1", "n1"), task("t2", "gone")), ONCE, sink);
        broker.publish("n1", publish(n1.lastSubscription(), List.of(line("t1", 1, "x")), List.of("t1")));
        assertThat(some.finished()).isDone();
        assertThat(sink.lines).containsExactly("t1:1:x");
        assertThat(some.problems()).containsExactly("node gone is not available");
    }

    @Test
    void whenTheSubscriberStopsTheNodesAreToldToStop() {
        FakeAgent n1 = new FakeAgent();
        FakeAgent n2 = new FakeAgent();
        broker.listen("n1", n1);
        broker.listen("n2", n2);
        Lines sink = new Lines();
        sink.stopAfter = 1;
        LogBroker.Handle h = broker.subscribe(List.of(task("t1", "n1"), task("t2", "n2")), FOLLOW, sink);
        String id = n1.lastSubscription();

        boolean more =
                broker.publish("n1", publish(id, List.of(line("t1", 1, "one"), line("t1", 1, "two")), List.of()));

        assertThat(more).isFalse();
        assertThat(sink.lines).containsExactly("t1:1:one");
        assertThat(h.finished()).isDone();
        assertThat(n1.cancelled()).containsExactly(id);
        assertThat(n2.cancelled()).containsExactly(id);
        assertThat(broker.publish("n2", publish(id, List.of(line("t2", 1, "late")), List.of())))
                .isFalse();
        assertThat(sink.lines).hasSize(1);
    }

    @Test
    void cancellingAFollowingSubscriptionTellsTheNodesOnce() {
        FakeAgent n1 = new FakeAgent();
        broker.listen("n1", n1);
        LogBroker.Handle h = broker.subscribe(List.of(task("t1", "n1")), FOLLOW, new Lines());
        String id = n1.lastSubscription();

        h.cancel();
        h.cancel();

        assertThat(h.finished()).isDone();
        assertThat(n1.cancelled()).containsExactly(id);
    }

    @Test
    void whenANodesStreamEndsItsTasksCountAsEnded() {
        FakeAgent n1 = new FakeAgent();
        FakeAgent n2 = new FakeAgent();
        Runnable n1Gone = broker.listen("n1", n1);
        broker.listen("n2", n2);
        LogBroker.Handle h = broker.subscribe(List.of(task("t1", "n1"), task("t2", "n2")), FOLLOW, new Lines());

        n1Gone.run();
        assertThat(h.finished()).isNotDone();
        assertThat(broker.connected("n1")).isFalse();
        broker.publish("n2", publish(n2.lastSubscription(), List.of(), List.of("t2")));

        assertThat(h.finished()).isDone();
        assertThat(h.problems()).containsExactly("node n1 disconnected unexpectedly");
    }

    @Test
    void aReconnectedNodeReplacesItsOldStream() {
        FakeAgent old = new FakeAgent();
        Runnable oldGone = broker.listen("n1", old);
        LogBroker.Handle before = broker.subscribe(List.of(task("t1", "n1")), FOLLOW, new Lines());
        FakeAgent fresh = new FakeAgent();
        broker.listen("n1", fresh);

        // The old stream's subscription lost its reader; the old stream's late end does not unregister the new one.
        assertThat(before.finished()).isDone();
        oldGone.run();
        assertThat(broker.connected("n1")).isTrue();
        broker.subscribe(List.of(task("t1", "n1")), FOLLOW, new Lines());
        assertThat(fresh.received).hasSize(1);
    }

    @Test
    void messagesSurviveTheWire() {
        ListenMessage m =
                new ListenMessage(new LogsProtocol.Subscription("s1", List.of(task("t1", "n1")), FOLLOW), null);
        assertThat(Json.read(new String(Json.write(m), StandardCharsets.UTF_8), ListenMessage.class))
                .isEqualTo(m);
        PublishRequest p = publish("s1", List.of(line("t1", 2, "héllo")), List.of("t1"));
        PublishRequest back = Json.read(new String(Json.write(p), StandardCharsets.UTF_8), PublishRequest.class);
        assertThat(new String(back.lines().get(0).line(), StandardCharsets.UTF_8))
                .isEqualTo("héllo");
        assertThat(back.lines().get(0).stream()).isEqualTo(2);
        assertThat(back.done()).containsExactly("t1");
    }

    private static Task task(String id, String nodeId) {
        return Json.read(
                "{\"ID\":\"" + id + "\",\"NodeID\":\"" + nodeId + "\",\"ServiceID\":\"svc\",\"Slot\":1}", Task.class);
    }

    private static LogLine line(String taskId, int stream, String text) {
        return new LogLine(taskId, stream, text.getBytes(StandardCharsets.UTF_8));
    }

    private static PublishRequest publish(String id, List<LogLine> lines, List<String> done) {
        return new PublishRequest(id, lines, done);
    }
}
