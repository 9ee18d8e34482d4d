package dev.skep.api.dispatcher;

import dev.skep.api.model.TaskStatus;

/** An agent's report of one task's observed status. */
public record StatusUpdate(String taskId, TaskStatus status) {}
