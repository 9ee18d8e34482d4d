package dev.skep.compose;

import dev.skep.api.model.ServiceSpec;
import java.util.Map;

/**
 * One service of a stack: its key in the file, the spec to create, and what it waits for at start-up
 * ({@code depends_on}: service key → condition {@code service_started}, {@code service_healthy} or
 * {@code service_completed_successfully}).
 */
public record StackService(String key, ServiceSpec spec, Map<String, String> dependsOn) {
    public static final String STARTED = "service_started";
    public static final String HEALTHY = "service_healthy";
    public static final String COMPLETED = "service_completed_successfully";

    public String name() {
        return spec.name();
    }

    /** Whether the containers have a health check (one that is not disabled). */
    public boolean hasHealthcheck() {
        var hc = spec.taskTemplate().containerSpec().healthCheck();
        return hc != null
                && hc.test() != null
                && !hc.test().isEmpty()
                && !"NONE".equals(hc.test().get(0));
    }
}
