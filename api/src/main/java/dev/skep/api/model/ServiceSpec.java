package dev.skep.api.model;

import java.util.List;
import java.util.Map;

/** What the user asked for: {@code ServiceSpec}, stored verbatim. */
public record ServiceSpec(
        String name,
        Map<String, String> labels,
        TaskSpec taskTemplate,
        ServiceMode mode,
        UpdateConfig updateConfig,
        UpdateConfig rollbackConfig,
        List<NetworkAttachmentConfig> networks,
        EndpointSpec endpointSpec) {

    public ServiceSpec withTaskTemplate(TaskSpec template) {
        return new ServiceSpec(name, labels, template, mode, updateConfig, rollbackConfig, networks, endpointSpec);
    }

    public ServiceSpec withMode(ServiceMode newMode) {
        return new ServiceSpec(
                name, labels, taskTemplate, newMode, updateConfig, rollbackConfig, networks, endpointSpec);
    }
}
