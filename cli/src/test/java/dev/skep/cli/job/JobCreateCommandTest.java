package dev.skep.cli.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skep.api.model.ServiceSpec;
import dev.skep.cli.CliException;
import dev.skep.cli.SkepCli;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class JobCreateCommandTest {
    private static JobCreateCommand parse(String... args) {
        CommandLine cl = SkepCli.commandLine(System.out, System.err, List.of());
        String[] full = new String[args.length + 2];
        full[0] = "job";
        full[1] = "create";
        System.arraycopy(args, 0, full, 2, args.length);
        cl.parseArgs(full);
        return (JobCreateCommand)
                cl.getSubcommands().get("job").getSubcommands().get("create").getCommand();
    }

    private static ServiceSpec spec(String... args) {
        JobCreateCommand c = parse(args);
        c.applySchedule();
        return c.spec();
    }

    @Test
    void makesAReplicatedJobWithTheScheduleLabelAndTheServiceFlags() {
        ServiceSpec s = spec(
                "--schedule",
                "*/5 * * * *",
                "--name",
                "backup",
                "--replicas",
                "6",
                "--max-concurrent",
                "2",
                "--label",
                "team=ops",
                "busybox",
                "sh",
                "-c",
                "sleep 2");
        assertThat(s.name()).isEqualTo("backup");
        assertThat(s.labels())
                .containsEntry("skep.cron.schedule", "*/5 * * * *")
                .containsEntry("team", "ops");
        assertThat(s.mode().replicatedJob().totalCompletions()).isEqualTo(6);
        assertThat(s.mode().replicatedJob().maxConcurrent()).isEqualTo(2);
        assertThat(s.taskTemplate().containerSpec().image()).isEqualTo("busybox");
        assertThat(s.taskTemplate().containerSpec().args()).containsExactly("sh", "-c", "sleep 2");
    }

    @Test
    void globalModeMakesAGlobalJob() {
        ServiceSpec s = spec("--schedule", "0 3 * * *", "--mode", "global", "busybox");
        assertThat(s.mode().globalJob()).isNotNull();
        assertThat(s.mode().replicated()).isNull();
    }

    @Test
    void aBadScheduleIsRefusedBeforeAnythingIsSent() {
        JobCreateCommand c = parse("--schedule", "* * 32 * *", "busybox");
        assertThatThrownBy(c::applySchedule)
                .isInstanceOf(CliException.class)
                .hasMessageContaining("day-of-month: 32 is out of range 1-31");
    }

    @Test
    void theScheduleIsRequired() {
        assertThatThrownBy(() -> parse("busybox"))
                .isInstanceOf(CommandLine.MissingParameterException.class)
                .hasMessageContaining("--schedule");
    }
}
