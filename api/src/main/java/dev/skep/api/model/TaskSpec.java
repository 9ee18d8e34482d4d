package dev.skep.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** {@code TaskTemplate}: everything a task of a service is made from. */
public record TaskSpec(
        JsonNode pluginSpec,
        ContainerSpec containerSpec,
        JsonNode networkAttachmentSpec,
        ResourceRequirements resources,
        RestartPolicy restartPolicy,
        Placement placement,
        Long forceUpdate,
        String runtime,
        List<NetworkAttachmentConfig> networks,
        Driver logDriver) {

    public TaskSpec withContainerSpec(ContainerSpec spec) {
        return new TaskSpec(
                pluginSpec,
                spec,
                networkAttachmentSpec,
                resources,
                restartPolicy,
                placement,
                forceUpdate,
                runtime,
                networks,
                logDriver);
    }

    public TaskSpec withRestartPolicy(RestartPolicy policy) {
        return new TaskSpec(
                pluginSpec,
                containerSpec,
                networkAttachmentSpec,
                resources,
                policy,
                placement,
                forceUpdate,
                runtime,
                networks,
                logDriver);
    }
}
