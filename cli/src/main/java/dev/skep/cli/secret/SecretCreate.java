package dev.skep.cli.secret;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code skep secret create}. */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = "Create a secret from a file or STDIN as content")
public class SecretCreate extends CreateBase {
    @Option(
            names = {"-d", "--driver"},
            description = "Secret driver (refused by Skep: it has no external secret drivers)")
    String driver;

    @Override
    void extra(Map<String, Object> spec) {
        if (driver != null && !driver.isEmpty()) spec.put("Driver", Map.of("Name", driver));
    }

    @Override
    Kind kind() {
        return Kind.SECRET;
    }
}
