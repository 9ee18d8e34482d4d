package dev.skep.it.nodes;

import dev.skep.it.SkepLogOnFailure;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A test class on one three-node {@link DockerSwarm} (1 s heartbeats) for all its tests: started before the
 * first, closed after the last, every skepd's log tail printed when a test fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SwarmEndToEndTest {
    protected DockerSwarm swarm;

    @RegisterExtension
    final SkepLogOnFailure logs = SkepLogOnFailure.forLogs(() -> swarm == null ? null : swarm.logTails());

    @BeforeAll
    void startSwarm() {
        DockerSwarm.assumeDocker();
        swarm = DockerSwarm.start(Duration.ofSeconds(1));
    }

    @AfterAll
    void stopSwarm() {
        if (swarm != null) swarm.close();
    }
}
