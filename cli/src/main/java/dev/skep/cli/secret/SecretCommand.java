package dev.skep.cli.secret;

import dev.skep.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code skep secret}: manage Swarm secrets, as {@code docker secret}. */
@Command(
        name = "secret",
        mixinStandardHelpOptions = true,
        description = "Manage secrets",
        subcommands = {SecretCreate.class, SecretInspect.class, SecretLs.class, SecretRm.class})
public class SecretCommand extends GroupCommand {}
