package dev.skep.api.validation;

import dev.skep.api.errors.ApiException;
import dev.skep.api.model.Config;
import dev.skep.api.model.ContainerSpec;
import dev.skep.api.model.ContainerSpec.FileTarget;
import dev.skep.api.model.Driver;
import dev.skep.api.model.Secret;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Secrets and configs as SwarmKit's control API checks them ({@code controlapi/common.go}, {@code secret.go},
 * {@code config.go}, the service's reference checks), in its words. Skep has no external secret drivers.
 */
public final class SecretValidator {
    /** {@code validation.MaxSecretSize}: the data must be shorter than this. */
    public static final int MAX_SECRET_SIZE = 500 * 1024;
    /** {@code controlapi.MaxConfigSize}. */
    public static final int MAX_CONFIG_SIZE = 1000 * 1024;

    public static final String GOLANG_TEMPLATES = "golang";

    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9]+(?:[a-zA-Z0-9-_.]*[a-zA-Z0-9])?$");

    private SecretValidator() {}

    public static void validate(Secret.SecretSpec spec) {
        if (spec == null) throw RpcErrors.invalidArgument("invalid argument");
        validateName(spec.name());
        if (spec.driver() != null) {
            throw ApiException.invalid("secret driver " + quoted(spec.driver())
                    + " is not supported: Skep stores secrets itself; create the secret without --driver");
        }
        validateTemplating(spec.templating());
        validatePayload("secret", spec.data(), MAX_SECRET_SIZE);
    }

    public static void validate(Config.ConfigSpec spec) {
        if (spec == null) throw RpcErrors.invalidArgument("invalid argument");
        validateName(spec.name());
        validateTemplating(spec.templating());
        validatePayload("config", spec.data(), MAX_CONFIG_SIZE);
    }

    private static void validateName(String name) {
        if (name == null || name.isEmpty()) throw RpcErrors.invalidArgument("name must be provided");
        if (name.length() > 64 || !NAME.matcher(name).matches()) {
            throw RpcErrors.invalidArgument("invalid name, only 64 [a-zA-Z0-9-_.] characters allowed, and the start"
                    + " and end character must be [a-zA-Z0-9]");
        }
    }

    private static void validateTemplating(Driver templating) {
        if (templating == null || templating.name() == null || templating.name().isEmpty()) return;
        if (!GOLANG_TEMPLATES.equals(templating.name())) {
            throw ApiException.invalid("template driver " + quoted(templating) + " is not supported: use golang");
        }
    }

    private static void validatePayload(String kind, byte[] data, int max) {
        if (data == null || data.length < 1 || data.length >= max) {
            throw RpcErrors.invalidArgument(kind + " data must be larger than 0 and less than " + max + " bytes");
        }
    }

    private static String quoted(Driver d) {
        return "\"" + (d.name() == null ? "" : d.name()) + "\"";
    }

    /** The references of a container spec: well formed, unique targets, none leaving its directory. */
    public static void validateReferences(ContainerSpec c) {
        if (c == null) return;
        Map<String, String> targets = new HashMap<>();
        for (ContainerSpec.SecretReference r : list(c.secrets())) {
            if (blank(r.secretID()) || blank(r.secretName())) {
                throw RpcErrors.invalidArgument("malformed secret reference");
            }
            if (r.file() == null) throw RpcErrors.invalidArgument("malformed secret reference, no target provided");
            String name = r.file().name();
            if (blank(name)) {
                throw RpcErrors.invalidArgument("malformed file secret reference, invalid target file name provided");
            }
            checkTarget("secret", r.secretName(), name);
            checkMode("secret", r.secretName(), r.file());
            String previous = targets.putIfAbsent(name, r.secretName());
            if (previous != null) {
                throw RpcErrors.invalidArgument("secret references '" + previous + "' and '" + r.secretName()
                        + "' have a conflicting target: '" + name + "'");
            }
        }
        targets.clear();
        for (ContainerSpec.ConfigReference r : list(c.configs())) {
            if (blank(r.configID()) || blank(r.configName())) {
                throw RpcErrors.invalidArgument("malformed config reference");
            }
            if (r.runtime() != null && !r.runtime().isNull() && r.file() == null) {
                throw ApiException.invalid("config reference '" + r.configName()
                        + "': runtime targets (Windows credential specs) are not supported on Linux");
            }
            if (r.file() == null) throw RpcErrors.invalidArgument("malformed config reference, no target provided");
            String name = r.file().name();
            if (blank(name)) {
                throw RpcErrors.invalidArgument("malformed file config reference, invalid target file name provided");
            }
            checkTarget("config", r.configName(), name);
            checkMode("config", r.configName(), r.file());
            String previous = targets.putIfAbsent(name, r.configName());
            if (previous != null) {
                throw RpcErrors.invalidArgument("config references '" + previous + "' and '" + r.configName()
                        + "' have a conflicting target: '" + name + "'");
            }
        }
    }

    /**
     * A secret's target is a path below {@code /run/secrets}, a config's an absolute path (or one below
     * {@code /}); neither may climb out with {@code ..}.
     */
    private static void checkTarget(String kind, String name, String target) {
        for (String part : target.split("/")) {
            if (part.equals("..")) {
                throw ApiException.invalid(kind + " reference '" + name + "': target '" + target
                        + "' must not contain '..': it would leave the " + kind + "s directory");
            }
        }
        if (target.indexOf('\0') >= 0) {
            throw ApiException.invalid(kind + " reference '" + name + "': target contains a NUL character");
        }
        if (kind.equals("secret") && target.startsWith("/") && !target.startsWith("/run/secrets/")) {
            throw ApiException.invalid(
                    "secret reference '" + name + "': target '" + target + "' must be a file name below /run/secrets");
        }
    }

    private static void checkMode(String kind, String name, FileTarget f) {
        if (f.mode() != null && (f.mode() < 0 || f.mode() > 07777)) {
            throw ApiException.invalid(kind + " reference '" + name + "': invalid file mode " + f.mode());
        }
        for (String id : new String[] {f.uid(), f.gid()}) {
            if (id != null && !id.isEmpty() && !id.chars().allMatch(Character::isDigit)) {
                throw ApiException.invalid(
                        kind + " reference '" + name + "': UID and GID must be numbers, not '" + id + "'");
            }
        }
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }
}
