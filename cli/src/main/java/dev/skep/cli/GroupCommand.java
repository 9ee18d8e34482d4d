package dev.skep.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command group ({@code skep service}, …): run without a subcommand it prints its usage, as docker does. */
public abstract class GroupCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
