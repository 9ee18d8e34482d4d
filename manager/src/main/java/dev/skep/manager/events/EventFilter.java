package dev.skep.manager.events;

import dev.skep.api.filters.Filters;
import dev.skep.api.model.EventMessage;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code GET /events?filters=…} as dockerd matches it: {@code type}, {@code event} (the action) and {@code scope}
 * exactly; an object filter ({@code service}, {@code node}, {@code network}, {@code container}, …) keeps the events
 * whose actor ID or name equals one of its values or starts with it — whatever the event's type, so
 * {@code service=web} also drops every node event, as in Docker.
 */
public final class EventFilter implements Predicate<EventMessage> {
    static final Set<String> KEYS = Set.of(
            "type",
            "event",
            "scope",
            "label",
            "container",
            "image",
            "volume",
            "network",
            "daemon",
            "plugin",
            "node",
            "service",
            "secret",
            "config");
    private static final List<String> OBJECTS = List.of(
            "container", "image", "volume", "network", "daemon", "plugin", "node", "service", "secret", "config");

    private final Filters filters;

    private EventFilter(Filters filters) {
        this.filters = filters;
    }

    /** Parses and checks the filters; unknown keys are a 400, as in dockerd. */
    public static EventFilter of(Filters filters) {
        return new EventFilter(filters.validate(KEYS));
    }

    @Override
    public boolean test(EventMessage m) {
        if (!filters.matchesExact("type", m.type())
                || !filters.matchesExact("event", m.action())
                || !filters.matchesExact("scope", m.scope())) {
            return false;
        }
        String name = m.actor().attributes().get("name");
        for (String key : OBJECTS) {
            if (!filters.matchesPrefix(key, m.actor().id()) && !filters.matchesPrefix(key, name)) return false;
        }
        return filters.matchesLabels("label", m.actor().attributes());
    }
}
