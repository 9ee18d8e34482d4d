package dev.skep.manager.scheduler;

import dev.skep.api.model.Task;

/** A placement decision: the task as the scheduler saw it, and as it is to be written (ASSIGNED, or PENDING with Err). */
record Decision(Task old, Task updated) {}
