package dev.skep.it;

import java.util.List;

/** One row of {@code docker service ps --no-trunc}, as the CLI prints it. */
public record ServiceTask(
        String id, String name, String desiredState, String currentState, String image, String node, String error) {
    static final String FORMAT =
            "{{.ID}}|{{.Name}}|{{.DesiredState}}|{{.CurrentState}}|{{.Image}}|{{.Node}}|{{.Error}}";

    /** Desired and observed state both "Running" (CurrentState reads like "Running 3 seconds ago"). */
    public boolean isRunning() {
        return desiredState.equals("Running") && currentState.startsWith("Running");
    }

    /** Current state without the "… ago" part, e.g. "Failed" or "Shutdown". */
    public String currentStateName() {
        int space = currentState.indexOf(' ');
        return space < 0 ? currentState : currentState.substring(0, space);
    }

    /** Every task of {@code service} (history included), read through the CLI. */
    static List<ServiceTask> list(DockerCli docker, String service) {
        return docker.ok("service", "ps", "--no-trunc", "--format", FORMAT, service).lines().stream()
                .map(ServiceTask::parse)
                .toList();
    }

    static List<ServiceTask> running(DockerCli docker, String service) {
        return list(docker, service).stream().filter(ServiceTask::isRunning).toList();
    }

    private static ServiceTask parse(String line) {
        String[] f = line.split("\\|", -1);
        if (f.length != 7) {
            throw new AssertionError("unexpected service ps row: " + line);
        }
        // History rows of a slot are printed as " \_ name" in table mode; strip it in case a format keeps it.
        String name = f[1].replace("\\_", "").strip();
        return new ServiceTask(
                f[0].strip(), name, f[2].strip(), f[3].strip(), f[4].strip(), f[5].strip(), f[6].strip());
    }
}
