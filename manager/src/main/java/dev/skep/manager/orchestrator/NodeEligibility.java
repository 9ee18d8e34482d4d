package dev.skep.manager.orchestrator;

import dev.skep.api.model.Node;
import dev.skep.api.model.Service;

/**
 * Whether a node satisfies a service's placement constraints. The orchestrators use it for global
 * services (which node gets a task) and for placement-only updates (may a task stay where it is).
 * Availability and readiness are judged by the static helpers here, not by implementations.
 */
@FunctionalInterface
public interface NodeEligibility {
    boolean meetsConstraints(Service service, Node node);

    /** Treats every node as satisfying every constraint: availability and readiness alone decide. */
    static NodeEligibility availabilityOnly() {
        return (service, node) -> true;
    }

    /** SwarmKit's {@code InvalidNode}: tasks on a missing, down or drained node must go elsewhere. */
    static boolean isInvalid(Node node) {
        return node == null || isDown(node) || "drain".equals(node.availability());
    }

    static boolean isDown(Node node) {
        return node.status() != null && "down".equals(node.status().state());
    }

    /** The node may receive new tasks: ready and active (a paused node keeps what it runs). */
    static boolean acceptsNewTasks(Node node) {
        return node != null && node.isReady() && "active".equals(node.availability());
    }
}
