package dev.skep.cli.secret;

import picocli.CommandLine.Command;

/** {@code skep secret ls}. */
@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, description = "List secrets")
public class SecretLs extends LsBase {
    @Override
    Kind kind() {
        return Kind.SECRET;
    }
}
