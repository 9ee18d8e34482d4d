package dev.skep.cli.secret;

import picocli.CommandLine.Command;

/** {@code skep secret inspect}. */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = "Display detailed information on one or more secrets")
public class SecretInspect extends InspectBase {
    @Override
    Kind kind() {
        return Kind.SECRET;
    }
}
