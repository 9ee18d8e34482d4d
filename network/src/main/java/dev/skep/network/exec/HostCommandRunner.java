package dev.skep.network.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the commands as processes on this host, optionally inside a named network namespace. */
public final class HostCommandRunner implements CommandRunner {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final List<String> prefix;

    private HostCommandRunner(List<String> prefix) {
        this.prefix = List.copyOf(prefix);
    }

    /** Commands run in the caller's namespaces (what skepd uses). */
    public static HostCommandRunner host() {
        return new HostCommandRunner(List.of());
    }

    /** Commands run through {@code ip netns exec NAME} (what the real-kernel tests use for their "nodes"). */
    public static HostCommandRunner inNamespace(String namespace) {
        return new HostCommandRunner(List.of("ip", "netns", "exec", namespace));
    }

    @Override
    public CommandResult run(Command command) {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(command.argv());
        try {
            Process process = new ProcessBuilder(argv).start();
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                if (command.stdin() != null) {
                    in.write(command.stdin().getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new CommandResult(-1, out.getNow(""), "timed out after " + TIMEOUT);
            }
            return new CommandResult(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new CommandException(command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException(command, e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
