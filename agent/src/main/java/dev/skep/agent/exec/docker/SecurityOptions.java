package dev.skep.agent.exec.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skep.agent.exec.ExecException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A ContainerSpec's {@code Privileges} as the engine's {@code HostConfig.SecurityOpt}, with the strings Docker's
 * Swarm executor uses ({@code daemon/cluster/executor/container/container.go}): {@code no-new-privileges=true},
 * {@code seccomp=unconfined} or {@code seccomp=<profile JSON>}, {@code apparmor=unconfined}, and SELinux's
 * {@code label=…}. The default modes add nothing: the engine's defaults apply.
 */
final class SecurityOptions {
    private SecurityOptions() {}

    static List<String> of(JsonNode privileges) throws ExecException {
        List<String> out = new ArrayList<>();
        if (privileges == null || !privileges.isObject()) return out;
        if (privileges.path("NoNewPrivileges").asBoolean(false)) out.add("no-new-privileges=true");
        seccomp(privileges.path("Seccomp"), out);
        appArmor(privileges.path("AppArmor"), out);
        seLinux(privileges.path("SELinuxContext"), out);
        return out;
    }

    private static void seccomp(JsonNode seccomp, List<String> out) throws ExecException {
        if (!seccomp.isObject()) return;
        String mode = seccomp.path("Mode").asText("");
        switch (mode) {
            case "", "default" -> {}
            case "unconfined" -> out.add("seccomp=unconfined");
            case "custom" -> out.add("seccomp=" + profile(seccomp.path("Profile")));
            default ->
                throw ExecException.fatal(
                        "invalid Privileges.Seccomp.Mode '" + mode + "': must be default, unconfined or custom");
        }
    }

    /** The Engine API carries the profile as Go []byte, i.e. base64 in JSON; a JSON text is taken as is. */
    private static String profile(JsonNode profile) throws ExecException {
        String text = profile.isTextual() ? profile.asText().strip() : "";
        if (text.isEmpty()) throw ExecException.fatal("Privileges.Seccomp.Mode custom needs a Profile");
        if (text.startsWith("{")) return text;
        try {
            return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ExecException.fatal("Privileges.Seccomp.Profile is neither base64 nor a JSON profile");
        }
    }

    private static void appArmor(JsonNode appArmor, List<String> out) throws ExecException {
        if (!appArmor.isObject()) return;
        String mode = appArmor.path("Mode").asText("");
        switch (mode) {
            case "", "default" -> {}
            case "disabled" -> out.add("apparmor=unconfined");
            default ->
                throw ExecException.fatal(
                        "invalid Privileges.AppArmor.Mode '" + mode + "': must be default or disabled");
        }
    }

    private static void seLinux(JsonNode context, List<String> out) {
        if (!context.isObject()) return;
        if (context.path("Disable").asBoolean(false)) {
            out.add("label=disable");
            return;
        }
        for (String field : List.of("User", "Role", "Type", "Level")) {
            String value = context.path(field).asText("");
            if (!value.isEmpty()) out.add("label=" + field.toLowerCase(java.util.Locale.ROOT) + ":" + value);
        }
    }
}
