package dev.skep.cli.secret;

import picocli.CommandLine.Command;

/** {@code skep config create}. */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = "Create a config from a file or STDIN as content")
public class ConfigCreate extends CreateBase {
    @Override
    Kind kind() {
        return Kind.CONFIG;
    }
}
