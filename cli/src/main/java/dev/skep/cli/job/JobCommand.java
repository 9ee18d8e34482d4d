package dev.skep.cli.job;

import dev.skep.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code skep job}: batch jobs. */
@Command(
        name = "job",
        mixinStandardHelpOptions = true,
        description = "Manage batch jobs",
        subcommands = {JobCreateCommand.class, JobLsCommand.class, JobSubmitCommand.class, JobStatusCommand.class})
public class JobCommand extends GroupCommand {}
