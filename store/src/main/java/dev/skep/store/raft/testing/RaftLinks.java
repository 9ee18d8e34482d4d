package dev.skep.store.raft.testing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ratis.util.CodeInjectionForTesting;

/**
 * The Raft links cut in this JVM. Ratis runs a code-injection point (meant for tests) before a member handles a
 * vote, an append (heartbeats too) or a snapshot from another member; on a cut link the receiver refuses the
 * request with an error, as an RPC to an unreachable peer fails, and the sender's retries fail alike until the link
 * heals. The injection points are JVM-wide, and so is this set: clusters running at once with the same peer IDs
 * share their cuts.
 */
final class RaftLinks {
    /**
     * Ratis's names for its injection points ({@code RaftServerImpl.<method>}, Ratis 3.3): a Ratis that renamed them
     * would cut nothing, which the partition tests of {@code RaftClusterTest} catch.
     */
    private static final String[] REQUESTS = {
        "RaftServerImpl.requestVote", "RaftServerImpl.appendEntries", "RaftServerImpl.installSnapshot"
    };

    /** A direction in which Raft requests travel: from {@code from} (the sender) to {@code to}. */
    record Link(String from, String to) {}

    private static final Set<Link> CUT = ConcurrentHashMap.newKeySet();
    /** Set on the first cut: a JVM that never cuts (the benchmark) runs Ratis without the check. */
    private static boolean installed;

    private RaftLinks() {}

    /** Runs on the receiving member's RPC thread: {@code local} receives, {@code remote} sent. */
    private static boolean refuseIfCut(Object local, Object remote, Object... args) {
        if (CUT.isEmpty() || local == null || remote == null) return false;
        if (CUT.contains(new Link(remote.toString(), local.toString()))) {
            throw new IllegalStateException("partitioned: " + remote + " cannot reach " + local);
        }
        return false;
    }

    static synchronized void cut(String from, String to) {
        if (!installed) {
            for (String point : REQUESTS) CodeInjectionForTesting.put(point, RaftLinks::refuseIfCut);
            installed = true;
        }
        CUT.add(new Link(from, to));
    }

    static void heal(String from, String to) {
        CUT.remove(new Link(from, to));
    }

    /** Heals every link that has {@code peer} at either end. */
    static void healAll(String peer) {
        CUT.removeIf(l -> l.from().equals(peer) || l.to().equals(peer));
    }
}
