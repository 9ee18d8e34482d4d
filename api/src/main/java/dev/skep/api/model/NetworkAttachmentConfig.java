package dev.skep.api.model;

import java.util.List;
import java.util.Map;

/** A network a service's tasks join: {@code TaskTemplate.Networks[]}. */
public record NetworkAttachmentConfig(String target, List<String> aliases, Map<String, String> driverOpts) {}
