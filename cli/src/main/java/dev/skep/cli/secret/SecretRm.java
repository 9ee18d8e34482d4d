package dev.skep.cli.secret;

import picocli.CommandLine.Command;

/** {@code skep secret rm}. */
@Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true, description = "Remove one or more secrets")
public class SecretRm extends RmBase {
    @Override
    Kind kind() {
        return Kind.SECRET;
    }
}
