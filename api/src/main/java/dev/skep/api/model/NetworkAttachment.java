package dev.skep.api.model;

import java.util.List;

/**
 * A task's place on one network ({@code Task.NetworksAttachments[]}): a copy of the network as allocated
 * and the task's addresses on it, in CIDR form ({@code 10.0.1.3/24}).
 */
public record NetworkAttachment(Network network, List<String> addresses) {}
