package dev.skep.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the project's own scripts (from the checkout the launcher runs in) with bash. */
final class Scripts {
    private final Path root;

    Scripts(Path root) {
        this.root = root;
    }

    /** The checkout: {@code SKEP_ROOT} as the launcher sets it, else the working directory. */
    static Scripts fromEnvironment() {
        String env = System.getenv("SKEP_ROOT");
        return new Scripts(Path.of(env != null ? env : ".").toAbsolutePath().normalize());
    }

    Path root() {
        return root;
    }

    /** Whether this process runs as root (the owner of /proc/self is the effective user). */
    static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Runs a script with the demo's output and fails when it does. */
    void run(String script, String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(script, args))
                .directory(root.toFile())
                .inheritIO()
                .start();
        if (p.waitFor() != 0) throw new IllegalStateException(script + " failed (exit " + p.exitValue() + ")");
    }

    /** Runs a script and returns what it printed on stdout; a failure gives an empty string. */
    String output(String script, String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(script, args))
                .directory(root.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor() == 0 ? out : "";
    }

    private List<String> command(String script, String... args) {
        Path path = root.resolve(script);
        if (!Files.isRegularFile(path)) throw new IllegalStateException(path + " is missing: run from a Skep checkout");
        List<String> cmd = new ArrayList<>(List.of("bash", path.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
