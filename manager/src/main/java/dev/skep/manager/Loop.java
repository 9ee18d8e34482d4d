package dev.skep.manager;

/**
 * A control loop that runs on the leading manager: it watches the store and writes back. It keeps no
 * state that cannot be rebuilt from the store, so it can be stopped and started again at any time. Loops that
 * react to the store extend {@link EventLoop}; {@link PeriodicLoop} is for inputs the store does not hold.
 */
public interface Loop {
    /** Starts the loop on its own thread; returns at once. */
    void start();

    /** Stops the loop and waits for its thread to end. */
    void stop();
}
