package dev.skep.api.dispatcher;

import java.time.Duration;

/** An agent's session with a dispatcher. Closing it stops the assignment stream. */
public interface Session extends AutoCloseable {
    String id();

    /** How often the agent must call {@link Dispatcher#heartbeat}. */
    Duration heartbeatPeriod();

    @Override
    void close();
}
