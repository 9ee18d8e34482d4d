package dev.skep.cli;

import dev.skep.cli.client.SwarmApi;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Base of every leaf command: reaches the shared {@link SkepCli} (streams, host, API) through the root. */
public abstract class SkepCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    protected SkepCli cli() {
        return (SkepCli) spec.root().userObject();
    }

    protected SwarmApi api() {
        return cli().api();
    }

    protected PrintStream out() {
        return cli().out();
    }

    protected PrintStream err() {
        return cli().err();
    }

    @Override
    public Integer call() throws Exception {
        execute();
        return 0;
    }

    protected abstract void execute() throws Exception;
}
