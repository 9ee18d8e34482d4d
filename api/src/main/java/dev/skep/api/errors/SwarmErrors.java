package dev.skep.api.errors;

/**
 * The texts of the errors swarm mode shows its users, each written here once and to the letter, because
 * the docker CLI, scripts and tests match on them. Sources: moby's {@code daemon/cluster} (errors.go and
 * the leave and unlock paths), SwarmKit's store and control API, and the docker CLI for its own checks.
 */
public final class SwarmErrors {
    /** moby {@code errNoSwarm}: a swarm request on a node outside any swarm. */
    public static final String NOT_IN_SWARM = "This node is not part of a swarm";

    /** moby {@code errSwarmExists}: init or join on a node already in a swarm. */
    public static final String ALREADY_IN_SWARM = "This node is already part of a swarm. Use \"docker swarm leave\" "
            + "to leave this swarm and join another one.";

    /** moby {@code errNoManager} outside a swarm: a manager-only request on a node in no swarm. */
    public static final String NO_MANAGER = "This node is not a swarm manager. Use \"docker swarm init\" or "
            + "\"docker swarm join\" to connect this node to swarm and try again.";

    /** moby {@code errSwarmNotManager}: a manager-only request on a worker. */
    public static final String NOT_A_MANAGER = "This node is not a swarm manager. Worker nodes can't be used to view "
            + "or modify cluster state. Please run this command on a manager node or promote the current node to a "
            + "manager.";

    /** moby's refusal to leave without {@code --force} when this is the last manager (trailing space included). */
    public static final String LEAVE_LAST_MANAGER = "You are attempting to leave the swarm on a node that is "
            + "participating as a manager. Removing the last manager erases all current state of the swarm. Use "
            + "`--force` to ignore this message. ";

    /** moby {@code notLockedError}: unlock on a swarm that is not locked. */
    public static final String NOT_LOCKED = "swarm is not locked";

    /** moby {@code errSwarmLocked} (503): a swarm request on a manager that restarted locked (autolock). */
    public static final String SWARM_LOCKED = "Swarm is encrypted and needs to be unlocked before it can be used. "
            + "Please use \"docker swarm unlock\" to unlock it.";

    /** moby {@code invalidUnlockKey} (401): {@code swarm unlock} with a key that does not open this manager. */
    public static final String INVALID_UNLOCK_KEY = "swarm could not be unlocked: invalid key provided";

    /** moby's refusal to leave a locked swarm without {@code --force}. */
    public static final String LEAVE_LOCKED =
            "Swarm is encrypted and locked. Please unlock it first or use `--force` to ignore this message.";

    /** SwarmKit {@code store.ErrSequenceConflict}: an update against a version that is no longer current. */
    public static final String OUT_OF_SEQUENCE = "update out of sequence";

    /** SwarmKit {@code store.ErrNameConflict}: a name another object of the same kind holds. */
    public static final String NAME_CONFLICT = "name conflicts with an existing object";

    /** The control API's refusal of a service create or update without a spec. */
    public static final String SERVICE_SPEC_REQUIRED = "a ServiceSpec must be provided in the request body";

    /** The docker CLI's own check before {@code stack deploy}: the daemon's info shows no control API. */
    public static final String STACK_NEEDS_MANAGER = "this node is not a swarm manager. Use \"docker swarm init\" or "
            + "\"docker swarm join\" to connect this node to swarm and try again";

    private SwarmErrors() {}
}
