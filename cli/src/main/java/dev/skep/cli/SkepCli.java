package dev.skep.cli;

import dev.skep.api.errors.ApiException;
import dev.skep.cli.client.DaemonUnreachableException;
import dev.skep.cli.client.EngineClient;
import dev.skep.cli.client.SwarmApi;
import dev.skep.cli.job.JobCommand;
import dev.skep.cli.network.NetworkCommand;
import dev.skep.cli.node.NodeCommand;
import dev.skep.cli.secret.ConfigCommand;
import dev.skep.cli.secret.SecretCommand;
import dev.skep.cli.service.ServiceCommand;
import dev.skep.cli.stack.StackCommand;
import dev.skep.cli.swarm.SwarmCommand;
import java.io.Console;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code skep}: a docker-CLI look-alike for the Swarm commands, talking to skepd's client API (the Engine
 * API). Other top-level subcommands (the daemon, demos) are registered through {@link #commandLine(List)}.
 */
@Command(
        name = "skep",
        mixinStandardHelpOptions = true,
        version = "skep 0.1.0",
        description = "A container orchestrator that speaks Docker Swarm mode.",
        subcommands = {
            SwarmCommand.class,
            NodeCommand.class,
            ServiceCommand.class,
            JobCommand.class,
            NetworkCommand.class,
            SecretCommand.class,
            ConfigCommand.class,
            StackCommand.class,
            CompletionCommand.class
        })
public class SkepCli extends GroupCommand {
    public static final String DEFAULT_HOST = "unix:///var/run/skep.sock";

    @Option(
            names = {"-H", "--host"},
            paramLabel = "URL",
            description = "Daemon socket to connect to (default: $SKEP_HOST or " + DEFAULT_HOST + ")")
    String host;

    private PrintStream out = System.out;
    private PrintStream err = System.err;
    private boolean terminal;
    private Function<String, EngineClient> clients = EngineClient::new;
    private SwarmApi api;

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.exit(code);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, List.of());
    }

    public static int run(String[] args, PrintStream out, PrintStream err, List<Object> extraSubcommands) {
        CommandLine cl = commandLine(out, err, extraSubcommands);
        try {
            return cl.execute(args);
        } finally {
            ((SkepCli) cl.getCommand()).close();
        }
    }

    /** The command line on the process's own stdout and stderr, with extra top-level subcommands. */
    public static CommandLine commandLine(List<Object> extraSubcommands) {
        return commandLine(System.out, System.err, extraSubcommands);
    }

    public static CommandLine commandLine(PrintStream out, PrintStream err, List<Object> extraSubcommands) {
        SkepCli root = new SkepCli();
        root.out = out;
        root.err = err;
        root.terminal = out == System.out && stdoutIsTerminal();
        CommandLine cl = new CommandLine(root);
        for (Object extra : extraSubcommands) {
            cl.addSubcommand(extra);
        }
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        // "service create IMAGE [COMMAND] [ARG...]": flags after the image belong to the container, as in docker.
        CommandLine create = cl.getSubcommands().get("service").getSubcommands().get("create");
        create.setStopAtPositional(true);
        cl.getSubcommands().get("job").getSubcommands().get("create").setStopAtPositional(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(ex, err));
        return cl;
    }

    /** Prints a failure the way docker does and returns exit status 1. */
    static int report(Exception ex, PrintStream err) {
        if (ex instanceof ApiException api) {
            err.println("Error response from daemon: " + api.getMessage());
        } else if (ex instanceof DaemonUnreachableException | ex instanceof CliException) {
            err.println(ex.getMessage());
        } else if (ex instanceof IllegalArgumentException) {
            err.println(ex.getMessage());
        } else {
            err.println("error: " + ex);
        }
        err.flush();
        return 1;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    /** Whether stdout is a terminal: progress then redraws lines in place instead of appending them. */
    public boolean terminal() {
        return terminal;
    }

    public String host() {
        if (host != null && !host.isBlank()) return host;
        String env = System.getenv("SKEP_HOST");
        return env != null && !env.isBlank() ? env : DEFAULT_HOST;
    }

    /** Replaces how the HTTP client is made (tests point it at a local server). */
    public void clientFactory(Function<String, EngineClient> factory) {
        this.clients = factory;
    }

    public synchronized SwarmApi api() {
        if (api == null) {
            api = new SwarmApi(clients.apply(host()));
        }
        return api;
    }

    private synchronized void close() {
        if (api != null) api.client().close();
    }

    private static boolean stdoutIsTerminal() {
        Console console = System.console();
        if (console == null) return false;
        try {
            // JDK 22+ returns a Console even when redirected; isTerminal() tells the truth there.
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException olderJdk) {
            return true;
        }
    }
}
