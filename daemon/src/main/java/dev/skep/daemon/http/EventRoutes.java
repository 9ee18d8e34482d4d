package dev.skep.daemon.http;

import dev.skep.api.errors.ApiException;
import dev.skep.api.json.Json;
import dev.skep.api.model.EventMessage;
import dev.skep.daemon.LocalNode;
import dev.skep.manager.events.ClusterEvents;
import dev.skep.manager.events.EventFilter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /events}: the cluster's service, node and network events (swarm scope) from this manager's
 * {@link ClusterEvents}, one JSON object per line. With {@code since} and/or {@code until} the remembered events in
 * that window come first; without {@code until} the stream then follows new events until the client leaves.
 * Container events stay with each node's dockerd.
 */
final class EventRoutes {
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
            if (events == null) throw ApiException.unavailable(Controls.NO_MANAGER);
            EventFilter filter = EventFilter.of(req.filters());
            Instant since = time(req.query("since"), "since");
            Instant until = time(req.query("until"), "until");
            return new ApiResponse.Stream(200, "application/json", out -> stream(events, filter, since, until, out));
        });
    }

    private static void stream(ClusterEvents events, EventFilter filter, Instant since, Instant until,
                               StreamWriter out) throws InterruptedException {
        boolean window = since != null || until != null;
        try (ClusterEvents.Subscription s = events.subscribe(window ? m -> within(m, since, until) : null)) {
            for (EventMessage m : s.past()) {
                if (filter.test(m) && !send(out, m)) return;
            }
            while (out.isOpen() && (until == null || Instant.now().isBefore(until))) {
                EventMessage m = s.next(200, TimeUnit.MILLISECONDS);
                if (m == null || !filter.test(m)) continue;
                if (until != null && !within(m, null, until)) return;
                if (!send(out, m)) return;
            }
        }
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
