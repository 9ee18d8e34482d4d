package dev.skep.store.raft;

import java.time.Duration;

/**
 * A member of the Raft group as the leader sees it (Swarm's manager status: leader, reachable or unreachable).
 *
 * @param lastContact how long ago this member last answered the leader, or null when not known (asked on a
 *                    follower, which only hears from the leader)
 */
public record Member(String peerId, String address, boolean leader, boolean reachable, Duration lastContact) {}
