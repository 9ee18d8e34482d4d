package dev.skep.manager.events;

import dev.skep.api.model.EventMessage;
import dev.skep.api.model.Network;
import dev.skep.api.model.Node;
import dev.skep.api.model.Service;
import dev.skep.manager.orchestrator.ServiceModes;
import dev.skep.store.Event;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a committed store change into the Docker event a Swarm manager reports for it: services, nodes and
 * networks, created, updated or removed (tasks, the cluster object and the rest have no events in Docker either).
 * An update names what changed the way dockerd does, as {@code <attribute>.old} / {@code <attribute>.new} pairs:
 * a service's image, replicas and update state; a node's availability, role and state.
 */
final class EventMessages {
    static final String SWARM_SCOPE = "swarm";

    private EventMessages() {}

    /** The event for the change, or null when Docker reports none. */
    static EventMessage of(Event e, Instant when) {
        String action = switch (e.action()) {
            case CREATE -> "create";
            case UPDATE -> "update";
            case DELETE -> "remove";
        };
        Map<String, String> attributes = new LinkedHashMap<>();
        String type;
        switch (e.kind()) {
            case SERVICE -> {
                type = "service";
                serviceAttributes((Service) e.before(), (Service) e.after(), attributes);
            }
            case NODE -> {
                type = "node";
                nodeAttributes((Node) e.before(), (Node) e.after(), attributes);
            }
            case NETWORK -> {
                type = "network";
                attributes.put("name", ((Network) e.object()).name());
            }
            default -> {
                return null;
            }
        }
        long nanos = when.getEpochSecond() * 1_000_000_000L + when.getNano();
        return new EventMessage(
                type,
                action,
                new EventMessage.Actor(e.object().id(), attributes),
                SWARM_SCOPE,
                when.getEpochSecond(),
                nanos);
    }

    private static void serviceAttributes(Service before, Service after, Map<String, String> attributes) {
        Service now = after != null ? after : before;
        attributes.put("name", now.name());
        if (before == null || after == null) return;
        changed(attributes, "image", image(before), image(after));
        changed(attributes, "replicas", replicas(before), replicas(after));
        changed(attributes, "updatestate", updateState(before), updateState(after));
    }

    private static void nodeAttributes(Node before, Node after, Map<String, String> attributes) {
        Node now = after != null ? after : before;
        attributes.put("name", now.hostname() != null ? now.hostname() : now.id());
        if (before == null || after == null) return;
        changed(attributes, "availability", before.availability(), after.availability());
        changed(attributes, "role", role(before), role(after));
        changed(attributes, "state", state(before), state(after));
    }

    private static void changed(Map<String, String> attributes, String name, String old, String now) {
        if (Objects.equals(old, now)) return;
        attributes.put(name + ".old", old == null ? "" : old);
        attributes.put(name + ".new", now == null ? "" : now);
    }

    private static String image(Service s) {
        var template = s.spec().taskTemplate();
        return template == null || template.containerSpec() == null
                ? null
                : template.containerSpec().image();
    }

    private static String replicas(Service s) {
        return ServiceModes.isReplicated(s) ? Long.toString(ServiceModes.replicas(s)) : null;
    }

    private static String updateState(Service s) {
        return s.updateStatus() == null ? null : s.updateStatus().state();
    }

    private static String role(Node n) {
        return n.spec() == null ? null : n.spec().role();
    }

    private static String state(Node n) {
        return n.status() == null ? null : n.status().state();
    }
}
