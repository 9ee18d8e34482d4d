package dev.skep.cli.secret;

import picocli.CommandLine.Command;

/** {@code skep config rm}. */
@Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true, description = "Remove one or more configs")
public class ConfigRm extends RmBase {
    @Override
    Kind kind() {
        return Kind.CONFIG;
    }
}
