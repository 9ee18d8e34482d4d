package dev.skep.api.dispatcher;

/** Receives a node's assignments, in order. Called on the dispatcher's thread: return quickly. */
@FunctionalInterface
public interface AssignmentListener {
    void assignments(Assignments message);
}
