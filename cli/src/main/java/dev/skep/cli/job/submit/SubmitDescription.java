package dev.skep.cli.job.submit;

import java.util.List;
import java.util.Map;

/**
 * What a docker-universe HTCondor submit description asks for, with its macros still unexpanded
 * ({@code $(Process)}, {@code $(Cluster)}: see {@link Macros}). Optional values are null when absent.
 *
 * @param environment {@code NAME=value} entries in the order given
 * @param requestCpus CPUs to reserve; null when not requested
 * @param requestMemoryBytes memory to reserve (and limit to); null when not requested
 * @param customAttributes {@code +Attr} / {@code MY.Attr} attributes, quotes of string values removed
 * @param notes commands that were accepted but have no effect here, one sentence each
 */
public record SubmitDescription(
        String fileName,
        String dockerImage,
        String executable,
        List<String> arguments,
        List<String> environment,
        Double requestCpus,
        Long requestMemoryBytes,
        String output,
        String error,
        String log,
        int queueCount,
        Map<String, String> customAttributes,
        List<String> notes) {}
