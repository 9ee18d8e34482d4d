package dev.skep.cli.service;

import dev.skep.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code skep service}: manage Swarm services. */
@Command(
        name = "service",
        mixinStandardHelpOptions = true,
        description = "Manage Swarm services",
        subcommands = {
            ServiceCreate.class,
            ServiceInspect.class,
            ServiceLogs.class,
            ServiceLs.class,
            ServicePs.class,
            ServiceRm.class,
            ServiceRollback.class,
            ServiceScale.class,
            ServiceUpdate.class
        })
public class ServiceCommand extends GroupCommand {}
