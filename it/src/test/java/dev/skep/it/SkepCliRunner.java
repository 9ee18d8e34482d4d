package dev.skep.it;

import dev.skep.cli.SkepCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs {@link SkepCli#run} in this JVM on a worker thread, with a timeout, capturing what it prints. */
final class SkepCliRunner {
    private SkepCliRunner() {}

    static CommandResult run(List<String> args, Duration timeout) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> command = new ArrayList<>(List.of("skep"));
        command.addAll(args);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            Future<Integer> exit = thread.submit(() -> SkepCli.run(args.toArray(String[]::new), o, e));
            int code;
            boolean timedOut = false;
            try {
                code = exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException t) {
                exit.cancel(true);
                code = -1;
                timedOut = true;
            } catch (ExecutionException failure) {
                failure.getCause().printStackTrace(e);
                code = -1;
            }
            return new CommandResult(
                    command,
                    code,
                    out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8),
                    timedOut);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        } finally {
            thread.shutdownNow();
        }
    }
}
