package dev.skep.cli.secret;

import picocli.CommandLine.Command;

/** {@code skep config ls}. */
@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, description = "List configs")
public class ConfigLs extends LsBase {
    @Override
    Kind kind() {
        return Kind.CONFIG;
    }
}
