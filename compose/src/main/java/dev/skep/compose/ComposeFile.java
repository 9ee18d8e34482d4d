package dev.skep.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads a compose file (compose spec, version 3.x) into a {@link Stack}. Variables come from the environment,
 * then from a {@code .env} file next to the compose file (the environment wins).
 */
public final class ComposeFile {
    private static final Set<String> TOP_KEYS =
            Set.of("version", "name", "services", "networks", "volumes", "secrets", "configs");
    private static final Pattern STACK_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    private ComposeFile() {}

    public static Stack load(Path file, String stack) {
        return load(file, stack, System.getenv());
    }

    public static Stack load(Path file, String stack, Map<String, String> environment) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ComposeException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        Map<String, String> variables = new HashMap<>();
        Path dotEnv = dir.resolve(".env");
        if (Files.isRegularFile(dotEnv)) variables.putAll(DotEnv.read(dotEnv, environment));
        variables.putAll(environment);
        return parse(file.getFileName().toString(), text, dir, stack, variables);
    }

    /** Converts compose text; {@code variables} are used for interpolation and bare environment entries. */
    public static Stack parse(
            String fileName, String text, Path directory, String stack, Map<String, String> variables) {
        if (!STACK_NAME.matcher(stack).matches()) {
            throw new ComposeException("invalid stack name \"" + stack + "\"");
        }
        List<String> warnings = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Interpolation interpolation = new Interpolation(variables, w -> {
            if (seen.add(w)) warnings.add(w);
        });
        YamlNode root =
                new YamlNode(new ComposeSource(fileName, directory, interpolation), compose(fileName, text), "");
        if (!root.isMapping())
            throw new ComposeException(fileName + ":" + root.line() + ": top-level must be a mapping");
        Map<String, YamlNode> top = root.fields(TOP_KEYS);
        checkVersion(top.get("version"));
        YamlNode servicesNode = top.get("services");
        if (servicesNode == null
                || servicesNode.isNull()
                || servicesNode.entries().isEmpty()) {
            throw new ComposeException(fileName + ": no services defined");
        }
        NetworkDefinitions networks = new NetworkDefinitions(stack, top.get("networks"));
        networks.validateAll();
        VolumesConverter volumes = new VolumesConverter(stack, directory, top.get("volumes"));
        SecretDefinitions secrets = new SecretDefinitions("secret", stack, directory, top.get("secrets"));
        SecretDefinitions configs = new SecretDefinitions("config", stack, directory, top.get("configs"));
        ServiceConverter converter = new ServiceConverter(
                stack,
                networks,
                volumes,
                new ComposeSource(fileName, directory, interpolation),
                variables,
                warnings::add,
                secrets,
                configs);
        Set<String> used = new LinkedHashSet<>();
        List<StackService> services = new ArrayList<>();
        Map<String, YamlNode> where = new LinkedHashMap<>(servicesNode.entries());
        for (YamlNode service : where.values()) {
            if (!service.isMapping()) throw service.error("must be a mapping");
            services.add(converter.convert(service, used));
        }
        return new Stack(
                stack,
                networks.used(used),
                StartOrder.sort(services, where),
                List.copyOf(warnings),
                secrets.all(),
                configs.all());
    }

    private static Node compose(String fileName, String text) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(fileName)
                .setSchema(new CoreSchema())
                .build();
        try {
            Optional<Node> node = new Compose(settings).composeString(text);
            return node.orElseThrow(() -> new ComposeException(fileName + ": empty compose file"));
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            throw new ComposeException(fileName + ":" + line + ": " + e.getProblem(), e);
        } catch (YamlEngineException e) {
            throw new ComposeException(fileName + ": " + e.getMessage(), e);
        }
    }

    private static void checkVersion(YamlNode version) {
        if (version == null || version.isNull()) return;
        String v = version.string();
        if (!v.equals("3") && !v.startsWith("3.")) {
            throw version.error("unsupported compose file version \"" + v + "\" (Skep reads version 3.x)");
        }
    }
}
