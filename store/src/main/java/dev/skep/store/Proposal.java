package dev.skep.store;

import java.time.Instant;
import java.util.List;

/** A unit of replication: the changes of one transaction and the proposer's time, stamped on the objects. */
public record Proposal(Instant time, List<Change> changes) {}
