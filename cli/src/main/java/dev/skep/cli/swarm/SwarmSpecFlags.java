package dev.skep.cli.swarm;

import dev.skep.api.model.Cluster;
import dev.skep.cli.service.FlagValues;
import picocli.CommandLine.Option;

/** Swarm settings shared by {@code swarm init} and {@code swarm update}; each applies only when given. */
public class SwarmSpecFlags {
    @Option(names = "--task-history-limit", description = "Task history retention limit")
    String taskHistoryLimit;

    @Option(names = "--dispatcher-heartbeat", description = "Dispatcher heartbeat period (ns|us|ms|s|m|h)")
    String dispatcherHeartbeat;

    @Option(
            names = "--autolock",
            arity = "0..1",
            fallbackValue = "true",
            description = "Enable manager autolocking (requiring an unlock key to start a stopped manager)")
    Boolean autolock;

    Cluster.Spec applyTo(Cluster.Spec spec) {
        Cluster.Spec s = spec == null ? new Cluster.Spec(null, null, null, null, null, null, null, null) : spec;
        Cluster.Orchestration orchestration = taskHistoryLimit == null
                ? s.orchestration()
                : new Cluster.Orchestration(FlagValues.uint("--task-history-limit", taskHistoryLimit));
        Cluster.Dispatcher dispatcher = dispatcherHeartbeat == null
                ? s.dispatcher()
                : new Cluster.Dispatcher(FlagValues.duration("--dispatcher-heartbeat", dispatcherHeartbeat));
        Cluster.EncryptionConfig encryption =
                autolock == null ? s.encryptionConfig() : new Cluster.EncryptionConfig(autolock);
        return new Cluster.Spec(
                s.name(), s.labels(), orchestration, s.raft(), dispatcher, s.caConfig(), encryption, s.taskDefaults());
    }
}
