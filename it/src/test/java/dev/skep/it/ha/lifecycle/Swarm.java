package dev.skep.it.ha.lifecycle;

import static org.awaitility.Awaitility.await;

import dev.skep.it.CommandResult;
import dev.skep.it.SkepProcess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.core.ConditionFactory;

/** What the lifecycle tests read through the docker CLI: node ls's manager status, running tasks per node. */
final class Swarm {
    static final String IMAGE = "busybox:latest";

    private Swarm() {}

    static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(90)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500));
    }

    /** Host name → MANAGER STATUS column (Leader, Reachable, Unreachable or empty) as {@code via} lists them. */
    static Map<String, String> managerStatus(SkepProcess via) {
        CommandResult r = via.docker().run("node", "ls", "--format", "{{.Hostname}}|{{.ManagerStatus}}");
        Map<String, String> out = new LinkedHashMap<>();
        if (!r.succeeded()) return out;
        for (String line : r.lines()) {
            String[] parts = line.split("\\|", -1);
            out.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
        return out;
    }

    /** The live manager whose node list names it Leader, as {@code via} sees it. */
    static Optional<String> leaderName(SkepProcess via) {
        return managerStatus(via).entrySet().stream()
                .filter(e -> e.getValue().equals("Leader"))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /** IDs of the service's tasks that run on {@code nodeName}, as {@code via} lists them. */
    static List<String> runningTasksOn(SkepProcess via, String service, String nodeName) {
        CommandResult r = via.docker()
                .run(
                        "service",
                        "ps",
                        "--filter",
                        "desired-state=running",
                        "--format",
                        "{{.ID}}|{{.Node}}|{{.CurrentState}}",
                        service);
        if (!r.succeeded()) return List.of();
        return r.lines().stream()
                .map(l -> l.split("\\|"))
                .filter(p -> p.length == 3 && p[1].equals(nodeName) && p[2].startsWith("Running"))
                .map(p -> p[0])
                .sorted()
                .toList();
    }

    /**
     * Creates a service, trying again while the managers are (re-)electing a leader; a try that was committed
     * although its answer was lost shows up as "already exists" on the next.
     */
    static void createService(SkepProcess via, String name, int replicas) {
        eventually().until(() -> {
            CommandResult r = via.docker()
                    .run(
                            "service",
                            "create",
                            "--detach",
                            "--no-resolve-image",
                            "--name",
                            name,
                            "--replicas",
                            String.valueOf(replicas),
                            IMAGE,
                            "sleep",
                            "1000");
            return r.succeeded() || r.output().contains("already exists");
        });
    }

    static boolean isManager(SkepProcess node) {
        CommandResult r = node.docker().run("info", "--format", "{{.Swarm.ControlAvailable}}");
        return r.succeeded() && r.stdout().strip().equals("true");
    }
}
