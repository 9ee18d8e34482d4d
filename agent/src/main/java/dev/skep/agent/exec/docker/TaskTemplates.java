package dev.skep.agent.exec.docker;

import dev.skep.api.model.Task;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders of Docker's service templates, expanded per task on the node: {@code {{.Service.ID}}},
 * {@code {{.Service.Name}}}, {@code {{.Node.ID}}}, {@code {{.Task.ID}}}, {@code {{.Task.Name}}} and
 * {@code {{.Task.Slot}}} (white space inside the braces allowed). Only these exact placeholders are replaced: any
 * other {@code {{…}}} text is left alone, so that commands which pass Go templates on (e.g. {@code --format}) keep
 * them. As in SwarmKit, the slot of a task without one (slot 0, global) is its node ID, except for job tasks,
 * whose slots count from 0 (a replicated job's slot 0 is a real slot).
 */
final class TaskTemplates {
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "\\{\\{\\s*\\.(Service\\.ID|Service\\.Name|Node\\.ID|Task\\.ID|Task\\.Name|Task\\.Slot)\\s*}}");

    private final Map<String, String> values;

    private TaskTemplates(Map<String, String> values) {
        this.values = values;
    }

    static TaskTemplates of(Task task) {
        String slot = task.slotNumber() != 0 || task.jobIteration() != null
                ? Long.toString(task.slotNumber())
                : nullToEmpty(task.nodeID());
        return new TaskTemplates(Map.of(
                "Service.ID", nullToEmpty(task.serviceID()),
                "Service.Name", nullToEmpty(SwarmLabels.serviceName(task)),
                "Node.ID", nullToEmpty(task.nodeID()),
                "Task.ID", nullToEmpty(task.id()),
                "Task.Name", SwarmLabels.taskName(task),
                "Task.Slot", slot));
    }

    String expand(String text) {
        if (text == null || !text.contains("{{")) return text;
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
        m.appendTail(out);
        return out.toString();
    }

    List<String> expand(List<String> texts) {
        return texts == null ? null : texts.stream().map(this::expand).toList();
    }

    /** An environment entry's value is expanded, its name is not (as Docker does). */
    List<String> expandEnv(List<String> env) {
        if (env == null) return null;
        return env.stream()
                .map(e -> {
                    int eq = e.indexOf('=');
                    return eq < 0 ? e : e.substring(0, eq + 1) + expand(e.substring(eq + 1));
                })
                .toList();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
