package dev.skep.cli.stack;

import dev.skep.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code skep stack}: deploy compose files as stacks of services, as {@code docker stack} does. */
@Command(
        name = "stack",
        mixinStandardHelpOptions = true,
        description = "Manage Swarm stacks",
        subcommands = {StackDeploy.class, StackLs.class, StackPs.class, StackRm.class, StackServices.class})
public class StackCommand extends GroupCommand {}
