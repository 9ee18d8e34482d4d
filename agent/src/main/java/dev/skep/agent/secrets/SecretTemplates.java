package dev.skep.agent.secrets;

import dev.skep.agent.exec.ExecException;
import dev.skep.api.model.Config;
import dev.skep.api.model.ContainerSpec;
import dev.skep.api.model.Driver;
import dev.skep.api.model.Secret;
import dev.skep.api.model.Task;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Swarm's templated secrets and configs ({@code --template-driver golang}), expanded per task: the fields
 * {@code .Service.ID/.Name}, {@code .Node.ID/.Hostname}, {@code .Task.ID/.Name/.Slot} and the functions
 * {@code env "VAR"} (the task's environment), {@code secret "target"} and {@code config "target"} (the data of
 * another secret or config of the same task, by its target). This is not a Go template engine: any other action
 * fails the task, naming it, rather than being copied through.
 */
public final class SecretTemplates {
    private static final Pattern ACTION = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);
    private static final Pattern FIELD = Pattern.compile(
            "\\.(Service\\.ID|Service\\.Name|Node\\.ID|Node\\.Hostname" + "|Task\\.ID|Task\\.Name|Task\\.Slot)");
    private static final Pattern CALL = Pattern.compile("(env|secret|config)\\s+\"([^\"\\\\]*)\"");

    /** What a template can see of its task and node. */
    public record Context(Map<String, String> fields, List<String> env) {
        public static Context of(Task task, String serviceName, String taskName, String slot, String hostname) {
            ContainerSpec c = task.spec() == null ? null : task.spec().containerSpec();
            return new Context(
                    Map.of(
                            "Service.ID", nullToEmpty(task.serviceID()),
                            "Service.Name", nullToEmpty(serviceName),
                            "Node.ID", nullToEmpty(task.nodeID()),
                            "Node.Hostname", nullToEmpty(hostname),
                            "Task.ID", nullToEmpty(task.id()),
                            "Task.Name", nullToEmpty(taskName),
                            "Task.Slot", nullToEmpty(slot)),
                    c == null || c.env() == null ? List.of() : c.env());
        }

        private static String nullToEmpty(String s) {
            return s == null ? "" : s;
        }
    }

    private SecretTemplates() {}

    static boolean isTemplate(Driver templating) {
        return templating != null && "golang".equals(templating.name());
    }

    /** The data as the task sees it: expanded when the object is a golang template, else as stored. */
    static byte[] expand(String what, byte[] data, Driver templating, Task task, SecretStore store, Context ctx)
            throws ExecException {
        if (!isTemplate(templating) || data == null) return data;
        String text = new String(data, StandardCharsets.UTF_8);
        Matcher m = ACTION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(
                    out, Matcher.quoteReplacement(action(what, m.group(1).strip(), task, store, ctx)));
        }
        m.appendTail(out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String action(String what, String action, Task task, SecretStore store, Context ctx)
            throws ExecException {
        if (FIELD.matcher(action).matches()) return ctx.fields().get(action.substring(1));
        Matcher call = CALL.matcher(action);
        if (!call.matches()) {
            throw ExecException.fatal("template " + what + ": unsupported action {{" + action + "}}: Skep expands "
                    + ".Service.ID/.Name, .Node.ID/.Hostname, .Task.ID/.Name/.Slot, env, secret and config");
        }
        String arg = call.group(2);
        return switch (call.group(1)) {
            case "env" -> env(ctx.env(), arg);
            case "secret" -> secret(what, arg, task, store);
            default -> config(what, arg, task, store);
        };
    }

    private static String env(List<String> env, String name) {
        for (String e : env) {
            if (e.startsWith(name + "=")) return e.substring(name.length() + 1);
        }
        return "";
    }

    private static String secret(String what, String target, Task task, SecretStore store) throws ExecException {
        ContainerSpec c = task.spec().containerSpec();
        for (ContainerSpec.SecretReference r :
                c.secrets() == null ? List.<ContainerSpec.SecretReference>of() : c.secrets()) {
            if (r.file() != null && target.equals(r.file().name())) {
                Secret s = store.secret(r.secretID());
                if (s != null && s.spec().data() != null)
                    return new String(s.spec().data(), StandardCharsets.UTF_8);
            }
        }
        throw ExecException.fatal("template " + what + ": secret target " + target + " not found");
    }

    private static String config(String what, String target, Task task, SecretStore store) throws ExecException {
        ContainerSpec c = task.spec().containerSpec();
        for (ContainerSpec.ConfigReference r :
                c.configs() == null ? List.<ContainerSpec.ConfigReference>of() : c.configs()) {
            if (r.file() != null && target.equals(r.file().name())) {
                Config cf = store.config(r.configID());
                if (cf != null && cf.spec().data() != null)
                    return new String(cf.spec().data(), StandardCharsets.UTF_8);
            }
        }
        throw ExecException.fatal("template " + what + ": config target " + target + " not found");
    }
}
