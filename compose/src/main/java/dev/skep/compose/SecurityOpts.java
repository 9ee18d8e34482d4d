package dev.skep.compose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skep.api.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;

/**
 * A service's {@code security_opt} (docker run's {@code --security-opt} strings, {@code key=value} or the older
 * {@code key:value}) as the service's {@code ContainerSpec.Privileges}: {@code no-new-privileges[=true|false]},
 * {@code seccomp=unconfined|default|PROFILE.json} (read next to the compose file, sent as the profile itself),
 * {@code apparmor=unconfined} (Swarm knows no other AppArmor profile), {@code label=disable|user:…|role:…|type:…|
 * level:…}. Anything else is refused: a security option silently dropped would run the service less confined.
 */
final class SecurityOpts {
    private SecurityOpts() {}

    /** The Privileges object, or null without security_opt. */
    static ObjectNode privileges(YamlNode node, Path directory) {
        if (node == null || node.isNull()) return null;
        ObjectNode p = Json.MAPPER.createObjectNode();
        for (YamlNode item : node.items()) apply(p, item, item.string().strip(), directory);
        return p.isEmpty() ? null : p;
    }

    private static void apply(ObjectNode p, YamlNode item, String opt, Path directory) {
        int sep = firstSeparator(opt);
        String key = (sep < 0 ? opt : opt.substring(0, sep)).toLowerCase(Locale.ROOT);
        String value = sep < 0 ? null : opt.substring(sep + 1);
        switch (key) {
            case "no-new-privileges" -> p.put("NoNewPrivileges", value == null || parseBool(item, value));
            case "seccomp" -> p.set("Seccomp", seccomp(item, required(item, key, value), directory));
            case "apparmor" -> p.set("AppArmor", appArmor(item, required(item, key, value)));
            case "label" -> label(p, item, required(item, key, value));
            default ->
                throw item.error("unsupported security option \"" + opt
                        + "\": swarm services take no-new-privileges, seccomp, apparmor and label");
        }
    }

    private static int firstSeparator(String opt) {
        int eq = opt.indexOf('=');
        int colon = opt.indexOf(':');
        if (eq < 0) return colon;
        if (colon < 0) return eq;
        return Math.min(eq, colon);
    }

    private static String required(YamlNode item, String key, String value) {
        if (value == null || value.isEmpty()) throw item.error("security option " + key + " needs a value");
        return value;
    }

    private static boolean parseBool(YamlNode item, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw item.error("no-new-privileges must be true or false, not \"" + value + "\"");
        };
    }

    private static JsonNode seccomp(YamlNode item, String value, Path directory) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        switch (value) {
            case "unconfined" -> s.put("Mode", "unconfined");
            case "default", "builtin" -> s.put("Mode", "default");
            default -> {
                s.put("Mode", "custom");
                s.put("Profile", Base64.getEncoder().encodeToString(profile(item, directory.resolve(value))));
            }
        }
        return s;
    }

    /** The profile file's JSON, compacted as the docker CLI sends it. */
    private static byte[] profile(YamlNode item, Path file) {
        try {
            JsonNode json = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (json == null || !json.isObject()) throw item.error("seccomp profile " + file + " is not a JSON object");
            return Json.MAPPER.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw item.error("seccomp profile " + file + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw item.error("cannot read the seccomp profile " + file + ": " + e.getMessage());
        }
    }

    private static JsonNode appArmor(YamlNode item, String value) {
        if (!value.equals("unconfined")) {
            throw item.error("apparmor=" + value
                    + " is not supported: swarm services run with the default AppArmor profile or apparmor=unconfined");
        }
        return Json.MAPPER.createObjectNode().put("Mode", "disabled");
    }

    private static void label(ObjectNode p, YamlNode item, String value) {
        ObjectNode ctx = p.has("SELinuxContext") ? (ObjectNode) p.get("SELinuxContext") : p.putObject("SELinuxContext");
        if (value.equals("disable")) {
            ctx.put("Disable", true);
            return;
        }
        int colon = value.indexOf(':');
        String field = colon < 0 ? "" : value.substring(0, colon);
        String v = colon < 0 ? "" : value.substring(colon + 1);
        switch (field) {
            case "user", "role", "type", "level" ->
                ctx.put(Character.toUpperCase(field.charAt(0)) + field.substring(1), v);
            default ->
                throw item.error("unsupported label option \"" + value
                        + "\": use disable, user:USER, role:ROLE, type:TYPE or level:LEVEL");
        }
    }
}
