package dev.skep.api.model;

/** Exactly one of replicated, global, replicated-job or global-job. */
public record ServiceMode(Replicated replicated, Global global, ReplicatedJob replicatedJob, Global globalJob) {

    public record Replicated(Long replicas) {}

    /** Global and global-job modes carry no settings. */
    public record Global() {}

    public record ReplicatedJob(Long maxConcurrent, Long totalCompletions) {}

    public static ServiceMode ofReplicated(long replicas) {
        return new ServiceMode(new Replicated(replicas), null, null, null);
    }

    public static ServiceMode ofGlobal() {
        return new ServiceMode(null, new Global(), null, null);
    }

    /** The mode's name as {@code docker service ls} prints it. */
    public String name() {
        if (replicated != null) return "replicated";
        if (global != null) return "global";
        if (replicatedJob != null) return "replicated-job";
        if (globalJob != null) return "global-job";
        return "";
    }

    public boolean isJob() {
        return replicatedJob != null || globalJob != null;
    }
}
