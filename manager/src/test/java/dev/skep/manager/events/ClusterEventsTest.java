package dev.skep.manager.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.skep.api.errors.ApiException;
import dev.skep.api.filters.Filters;
import dev.skep.api.json.Json;
import dev.skep.api.model.EventMessage;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.time.ManualTimer;
import dev.skep.manager.controlapi.ServiceApi;
import dev.skep.store.MemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClusterEventsTest {
    private final ManualTimer timer = new ManualTimer();
    private final MemoryStore store = new MemoryStore(timer.clock());
    private final ServiceApi services = new ServiceApi(store);
    private final ClusterEvents events = new ClusterEvents(store, timer.clock());

    @AfterEach
    void close() {
        events.close();
    }

    private static ServiceSpec spec(String name, String image, long replicas) {
        return Json.read(
                ("{\"Name\":\"%s\",\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"%s\"}},"
                                + "\"Mode\":{\"Replicated\":{\"Replicas\":%d}}}")
                        .formatted(name, image, replicas),
                ServiceSpec.class);
    }

    private List<EventMessage> awaitHistory(int size) {
        await().atMost(Duration.ofSeconds(5)).until(() -> events.history().size() >= size);
        return events.history();
    }

    @Test
    void aServiceCreatedScaledAndRemovedGivesDockersThreeEvents() {
        String id = services.create(spec("web", "busybox:1", 1));
        Service s = services.get(id, false);
        services.update(id, s.version().index(), spec("web", "busybox:2", 3), false);
        services.remove(id);

        List<EventMessage> history = awaitHistory(3);

        assertThat(history)
                .extracting(m -> m.type() + " " + m.action() + " " + m.actor().id())
                .containsExactly("service create " + id, "service update " + id, "service remove " + id);
        assertThat(history.get(1).actor().attributes())
                .containsEntry("name", "web")
                .containsEntry("image.old", "busybox:1")
                .containsEntry("image.new", "busybox:2")
                .containsEntry("replicas.old", "1")
                .containsEntry("replicas.new", "3");
        assertThat(history.get(0).scope()).isEqualTo("swarm");
        assertThat(history.get(0).timeNano())
                .isEqualTo(timer.clock().instant().getEpochSecond() * 1_000_000_000L
                        + timer.clock().instant().getNano());
    }

    @Test
    void theWireFormatIsDockers() {
        String id = services.create(spec("web", "busybox", 1));

        String json = new String(Json.write(awaitHistory(1).getFirst()));

        assertThat(json)
                .contains(
                        "\"Type\":\"service\"",
                        "\"Action\":\"create\"",
                        "\"Actor\":{\"ID\":\"" + id + "\"",
                        "\"Attributes\":{\"name\":\"web\"}",
                        "\"scope\":\"swarm\"",
                        "\"time\":",
                        "\"timeNano\":");
    }

    @Test
    void aSubscriberGetsTheHistoryItAsksForThenNewEvents() throws Exception {
        services.create(spec("old", "busybox", 1));
        awaitHistory(1);
        Instant later = timer.clock().instant().plusSeconds(10);
        timer.advance(Duration.ofSeconds(10));

        try (ClusterEvents.Subscription s =
                events.subscribe(m -> !Instant.ofEpochSecond(0, m.timeNano()).isBefore(later))) {
            services.create(spec("new", "busybox", 1));

            assertThat(s.past()).isEmpty();
            EventMessage next = s.next(5, TimeUnit.SECONDS);
            assertThat(next.actor().attributes()).containsEntry("name", "new");
        }
        try (ClusterEvents.Subscription all = events.subscribe(m -> true)) {
            assertThat(all.past())
                    .extracting(m -> m.actor().attributes().get("name"))
                    .containsExactly("old", "new");
        }
    }

    @Test
    void filtersMatchTypeActionAndObjectsByIdOrNamePrefixLikeDocker() {
        String id = services.create(spec("web", "busybox", 1));
        EventMessage created = awaitHistory(1).getFirst();

        assertThat(filter("{\"type\":{\"service\":true}}").test(created)).isTrue();
        assertThat(filter("{\"type\":{\"node\":true}}").test(created)).isFalse();
        assertThat(filter("{\"event\":{\"remove\":true}}").test(created)).isFalse();
        assertThat(filter("{\"service\":{\"we\":true}}").test(created)).isTrue();
        assertThat(filter("{\"service\":{\"" + id.substring(0, 5) + "\":true}}").test(created))
                .isTrue();
        assertThat(filter("{\"node\":{\"node1\":true}}").test(created))
                .as("another object's filter")
                .isFalse();
        assertThatThrownBy(() -> filter("{\"colour\":{\"red\":true}}"))
                .isInstanceOf(ApiException.class)
                .hasMessage("invalid filter 'colour'");
    }

    private static EventFilter filter(String json) {
        return EventFilter.of(Filters.parse(json));
    }
}
