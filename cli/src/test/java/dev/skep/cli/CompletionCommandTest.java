package dev.skep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CompletionCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SkepCli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void theBashScriptCompletesEveryCommandAndItsOptions() {
        assertThat(run("completion", "bash")).isZero();
        String script = out.toString(StandardCharsets.UTF_8);
        assertThat(script).contains("complete -F", "skep");
        assertThat(script).contains("service", "stack", "swarm", "node", "network", "job");
        assertThat(script).as("a subcommand's options").contains("--replicas", "--advertise-addr");
    }

    @Test
    void zshGetsTheSameScriptThroughBashcompinit() {
        assertThat(run("completion", "zsh")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("complete -F");
    }

    @Test
    void anotherShellIsRefusedWithWhatToUse() {
        assertThat(run("completion", "fish")).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unsupported shell \"fish\": use bash or zsh");
    }
}
