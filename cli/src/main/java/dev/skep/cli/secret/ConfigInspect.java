package dev.skep.cli.secret;

import picocli.CommandLine.Command;

/** {@code skep config inspect}. */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = "Display detailed information on one or more configs")
public class ConfigInspect extends InspectBase {
    @Override
    Kind kind() {
        return Kind.CONFIG;
    }
}
