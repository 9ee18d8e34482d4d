package dev.skep.api.model;

import java.util.Map;

/** A bind, volume or tmpfs mount of a container. */
public record Mount(
        String target,
        String source,
        String type,
        Boolean readOnly,
        String consistency,
        BindOptions bindOptions,
        VolumeOptions volumeOptions,
        TmpfsOptions tmpfsOptions) {

    public record BindOptions(String propagation, Boolean nonRecursive, Boolean createMountpoint) {}

    public record VolumeOptions(Boolean noCopy, Map<String, String> labels, Driver driverConfig, String subpath) {}

    public record TmpfsOptions(Long sizeBytes, Integer mode) {}
}
