package dev.skep.cli.job.submit;

import dev.skep.api.model.ContainerSpec;
import dev.skep.api.model.ResourceRequirements;
import dev.skep.api.model.Resources;
import dev.skep.api.model.RestartPolicy;
import dev.skep.api.model.ServiceMode;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.TaskSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a submit description into the spec of a {@code replicated-job} service: one task per process
 * ({@code TotalCompletions} = the queue count), {@code $(Process)} becoming the executor's {@code {{.Task.Slot}}}
 * (job slots run 0..N-1, like process numbers). The output, error and log paths are kept as labels, made absolute
 * against the submit file's directory, so that {@code skep job status} can write them later.
 */
public final class CondorJobSpec {
    public static final String NAME_PREFIX = "condor-";
    public static final String CLUSTER_LABEL = "skep.condor.cluster";
    public static final String SUBMIT_LABEL = "skep.condor.submit";
    public static final String OUTPUT_LABEL = "skep.condor.output";
    public static final String ERROR_LABEL = "skep.condor.error";
    public static final String LOG_LABEL = "skep.condor.log";
    public static final String ATTRIBUTE_PREFIX = "condor.";
    /** How a path label keeps the process number open until a process is known. */
    public static final String PROCESS_MACRO = "$(Process)";

    private static final long NANOS_PER_CPU = 1_000_000_000L;

    private CondorJobSpec() {}

    public static String serviceName(long cluster) {
        return NAME_PREFIX + cluster;
    }

    /**
     * The service spec for cluster {@code cluster}; {@code maxConcurrent} caps how many processes run at once
     * (null: all of them).
     */
    public static ServiceSpec serviceSpec(SubmitDescription d, long cluster, Long maxConcurrent, Path submitDir) {
        long total = d.queueCount();
        long concurrent = maxConcurrent == null ? total : maxConcurrent;
        ServiceMode mode = new ServiceMode(null, null, new ServiceMode.ReplicatedJob(concurrent, total), null);
        TaskSpec task = new TaskSpec(
                null,
                container(d, cluster),
                null,
                resources(d),
                new RestartPolicy(RestartPolicy.NONE, null, null, null),
                null,
                null,
                null,
                null,
                null);
        return new ServiceSpec(serviceName(cluster), labels(d, cluster, submitDir), task, mode, null, null, null, null);
    }

    private static ContainerSpec container(SubmitDescription d, long cluster) {
        List<String> command = new ArrayList<>();
        command.add(inTask(d.executable(), cluster));
        d.arguments().forEach(a -> command.add(inTask(a, cluster)));
        List<String> env = d.environment().stream().map(e -> inTask(e, cluster)).toList();
        return new ContainerSpec(
                d.dockerImage(),
                null,
                command,
                null,
                null,
                env.isEmpty() ? null : env,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private static String inTask(String text, long cluster) {
        return Macros.expand(text, Long.toString(cluster), Macros.SLOT_PLACEHOLDER);
    }

    private static ResourceRequirements resources(SubmitDescription d) {
        if (d.requestCpus() == null && d.requestMemoryBytes() == null) return null;
        Long nanoCpus = d.requestCpus() == null ? null : Math.round(d.requestCpus() * NANOS_PER_CPU);
        Resources reservations = new Resources(nanoCpus, d.requestMemoryBytes(), null, null);
        Resources limits =
                d.requestMemoryBytes() == null ? null : new Resources(null, d.requestMemoryBytes(), null, null);
        return new ResourceRequirements(limits, reservations);
    }

    private static Map<String, String> labels(SubmitDescription d, long cluster, Path submitDir) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(CLUSTER_LABEL, Long.toString(cluster));
        labels.put(SUBMIT_LABEL, d.fileName());
        putPath(labels, OUTPUT_LABEL, d.output(), cluster, submitDir);
        putPath(labels, ERROR_LABEL, d.error(), cluster, submitDir);
        putPath(labels, LOG_LABEL, d.log(), cluster, submitDir);
        d.customAttributes().forEach((k, v) -> labels.put(ATTRIBUTE_PREFIX + k, v));
        return labels;
    }

    private static void putPath(Map<String, String> labels, String key, String path, long cluster, Path dir) {
        if (path == null || path.isEmpty()) return;
        String expanded = Macros.expand(path, Long.toString(cluster), PROCESS_MACRO);
        labels.put(key, dir.toAbsolutePath().resolve(expanded).normalize().toString());
    }
}
