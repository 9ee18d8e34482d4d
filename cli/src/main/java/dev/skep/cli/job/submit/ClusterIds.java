package dev.skep.cli.job.submit;

import dev.skep.api.model.Service;
import java.util.Collection;
import java.util.Map;

/**
 * Cluster ids as condor_submit hands them out: one more than the largest in use. The ids in use are read from the
 * existing {@code condor-*} services (their cluster label, else their name), so no counter needs storing.
 */
public final class ClusterIds {
    private ClusterIds() {}

    public static long next(Collection<Service> services) {
        long max = 0;
        for (Service s : services) max = Math.max(max, clusterOf(s));
        return max + 1;
    }

    /** The service's cluster id, or 0 when it is not a condor job. */
    public static long clusterOf(Service s) {
        if (s.spec() == null) return 0;
        Map<String, String> labels = s.spec().labels();
        long fromLabel = labels == null ? 0 : number(labels.get(CondorJobSpec.CLUSTER_LABEL));
        if (fromLabel > 0) return fromLabel;
        String name = s.spec().name();
        return name != null && name.startsWith(CondorJobSpec.NAME_PREFIX)
                ? number(name.substring(CondorJobSpec.NAME_PREFIX.length()))
                : 0;
    }

    private static long number(String s) {
        if (s == null) return 0;
        try {
            return Math.max(0, Long.parseLong(s.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
