package dev.skep.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End-to-end tests against one skepd on the host's dockerd, started once per test class: the offline test images
 * are checked first, the node forms a swarm of its own with {@code docker swarm init} (unless the class says it
 * does that itself), a failing test prints the daemon's log tail, and the process is stopped after the last test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SingleSkepdTest {
    protected SkepProcess skepd;
    protected DockerCli docker;

    @RegisterExtension
    final SkepLogOnFailure logOnFailure = SkepLogOnFailure.forDaemon(() -> skepd);

    /** False for a class whose tests run {@code swarm init} themselves. */
    protected boolean initSwarm() {
        return true;
    }

    /** More {@code skep daemon} options for this class's skepd. */
    protected String[] daemonArgs() {
        return new String[0];
    }

    @BeforeAll
    final void startSkepd() {
        TestImages.ensureAvailable();
        skepd = SkepProcess.startWith(daemonArgs());
        docker = skepd.docker();
        if (initSwarm()) {
            docker.ok("swarm", "init");
            skepd.nodeId();
        }
    }

    @AfterAll
    final void stopSkepd() {
        if (skepd != null) skepd.close();
    }
}
