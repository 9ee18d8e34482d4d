package dev.skep.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The unmodified {@code docker} CLI on the PATH, pointed at one Engine API endpoint with {@code -H}:
 * either a skepd socket or the host's dockerd.
 */
public final class DockerCli {
    public static final String HOST_DOCKERD = "unix:///var/run/docker.sock";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private final String host;

    public DockerCli(String host) {
        this.host = host;
    }

    /** The CLI against the machine's own dockerd, where skepd's containers really run. */
    public static DockerCli hostDockerd() {
        return new DockerCli(HOST_DOCKERD);
    }

    public String host() {
        return host;
    }

    public CommandResult run(String... args) {
        return run(DEFAULT_TIMEOUT, args);
    }

    public CommandResult run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("docker", "-H", host));
        command.addAll(List.of(args));
        return Commands.run(command, Map.of("DOCKER_CLI_HINTS", "false"), timeout);
    }

    /** Runs and fails the test unless the command exits 0. */
    public CommandResult ok(String... args) {
        return run(args).assertSuccess();
    }

    public CommandResult ok(Duration timeout, String... args) {
        return run(timeout, args).assertSuccess();
    }
}
