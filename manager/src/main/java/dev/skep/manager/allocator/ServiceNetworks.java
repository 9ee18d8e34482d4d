package dev.skep.manager.allocator;

import dev.skep.api.model.EndpointSpec;
import dev.skep.api.model.NetworkAttachmentConfig;
import dev.skep.api.model.PortConfig;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.TaskSpec;
import java.util.List;

/** Which networks a service's tasks join, as SwarmKit reads a service spec. */
public final class ServiceNetworks {
    public static final String INGRESS = "ingress";
    public static final String HOST = "host";

    private ServiceNetworks() {}

    /** {@code TaskTemplate.Networks}, or the deprecated {@code Spec.Networks} when the template has none. */
    public static List<NetworkAttachmentConfig> targets(ServiceSpec spec) {
        if (spec == null) return List.of();
        List<NetworkAttachmentConfig> task = targets(spec.taskTemplate());
        if (!task.isEmpty()) return task;
        return spec.networks() == null ? List.of() : spec.networks();
    }

    public static List<NetworkAttachmentConfig> targets(TaskSpec spec) {
        return spec == null || spec.networks() == null ? List.of() : spec.networks();
    }

    /** A service that publishes a port in ingress mode joins the ingress network (routing mesh). */
    public static boolean needsIngress(ServiceSpec spec) {
        EndpointSpec e = spec == null ? null : spec.endpointSpec();
        if (e == null || e.ports() == null) return false;
        return e.ports().stream().anyMatch(ServiceNetworks::isIngressPort);
    }

    public static boolean isIngressPort(PortConfig p) {
        return p.publishMode() == null || p.publishMode().isEmpty() || INGRESS.equals(p.publishMode());
    }

    public static String protocol(PortConfig p) {
        return p.protocol() == null || p.protocol().isEmpty() ? "tcp" : p.protocol();
    }

    /** DNS round-robin services get no virtual IP. */
    public static boolean isDnsrr(ServiceSpec spec) {
        EndpointSpec e = spec == null ? null : spec.endpointSpec();
        return e != null && "dnsrr".equals(e.mode());
    }
}
