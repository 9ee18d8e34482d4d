package dev.skep.daemon.http;

import dev.skep.api.errors.ApiException;
import dev.skep.api.errors.SwarmErrors;
import dev.skep.api.json.Json;
import dev.skep.api.model.EventMessage;
import dev.skep.daemon.LocalNode;
import dev.skep.manager.events.ClusterEvents;
import dev.skep.manager.events.EventFilter;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /events}: the cluster's service, node and network events (swarm scope) from this manager's
 * {@link ClusterEvents}, one JSON object per line. With {@code since} and/or {@code until} the remembered events in
 * that window come first; without {@code until} the stream then follows new events until the client leaves.
 * The node's own engine events (containers, images, volumes) join the stream from its dockerd
 * ({@link EngineEvents}), as on a Swarm manager, where dockerd serves both.
 */
final class EventRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(EventRoutes.class);
    private static final Duration ENGINE_GRACE = Duration.ofSeconds(2);
    private final LocalNode node;
    private final Controls controls;

    EventRoutes(LocalNode node, Controls controls) {
        this.node = node;
        this.controls = controls;
    }

    void register(Router r) {
        r.get("/events", req -> {
            controls.store();
            ClusterEvents events = node.events();
            if (events == null) throw ApiException.unavailable(SwarmErrors.NO_MANAGER);
            EventFilter filter = EventFilter.of(req.filters());
            Instant since = time(req.query("since"), "since");
            Instant until = time(req.query("until"), "until");
            String engine = EngineEvents.path(req.query("filters"), req.query("since"), req.query("until"));
            return new ApiResponse.Stream(
                    200, "application/json", out -> stream(events, filter, since, until, serialized(out), engine));
        });
    }

    /** The cluster's remembered events come first, then the engine's and new cluster events as they happen. */
    private void stream(
            ClusterEvents events, EventFilter filter, Instant since, Instant until, StreamWriter out, String enginePath)
            throws InterruptedException {
        boolean window = since != null || until != null;
        try (ClusterEvents.Subscription s = events.subscribe(window ? m -> within(m, since, until) : null)) {
            for (EventMessage m : s.past()) {
                if (filter.test(m) && !send(out, m)) return;
            }
            try (EngineEvents engine = new EngineEvents(node.dockerHost())) {
                Thread reader = Thread.ofVirtual().name("engine-events").start(() -> relay(engine, enginePath, out));
                follow(s, filter, until, out);
                // with an end time dockerd ends its stream there itself; give it a moment to send what it has
                if (until != null && out.isOpen()) reader.join(ENGINE_GRACE);
            }
        }
    }

    private static void follow(ClusterEvents.Subscription s, EventFilter filter, Instant until, StreamWriter out)
            throws InterruptedException {
        while (out.isOpen() && (until == null || Instant.now().isBefore(until))) {
            EventMessage m = s.next(200, TimeUnit.MILLISECONDS);
            if (m == null || !filter.test(m)) continue;
            if (until != null && !within(m, null, until)) return;
            if (!send(out, m)) return;
        }
    }

    private static void relay(EngineEvents engine, String path, StreamWriter out) {
        try {
            engine.stream(path, out::write);
        } catch (IOException | RuntimeException e) {
            // e.g. a node whose dockerd does not answer (the sim executor): the cluster's events still flow
            LOG.debug("docker events: the engine's events are not available: {}", e.getMessage());
        }
    }

    /** Both the cluster's events and the engine's write to the client: one line at a time. */
    private static StreamWriter serialized(StreamWriter out) {
        return new StreamWriter() {
            @Override
            public synchronized boolean write(byte[] bytes) {
                return out.write(bytes);
            }

            @Override
            public boolean isOpen() {
                return out.isOpen();
            }

            @Override
            public void onClose(Runnable action) {
                out.onClose(action);
            }
        };
    }

    private static boolean within(EventMessage m, Instant since, Instant until) {
        Instant at = Instant.ofEpochSecond(0, m.timeNano());
        return (since == null || !at.isBefore(since)) && (until == null || !at.isAfter(until));
    }

    private static boolean send(StreamWriter out, EventMessage m) {
        byte[] json = Json.write(m);
        byte[] line = Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        return out.write(line);
    }

    /** Unix seconds with an optional fraction (what the docker CLI sends), or RFC 3339; null when absent. */
    static Instant time(String value, String name) {
        if (value == null || value.isBlank()) return null;
        try {
            BigDecimal seconds = new BigDecimal(value.trim());
            return Instant.ofEpochSecond(0, seconds.movePointRight(9).longValueExact());
        } catch (NumberFormatException | ArithmeticException notANumber) {
            try {
                return Instant.parse(value.trim());
            } catch (DateTimeParseException e) {
                throw ApiException.invalid("invalid " + name + " value '" + value
                        + "': use Unix seconds (e.g. 1700000000.5) or an RFC 3339 time");
            }
        }
    }
}
