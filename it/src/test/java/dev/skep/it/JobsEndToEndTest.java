package dev.skep.it;

import static dev.skep.it.Convergence.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Swarm jobs (API 1.41) through the unmodified docker CLI against one skepd, and Skep's cron jobs through
 * the skep CLI: the job runs to completion in real containers, MaxConcurrent at a time, and
 * {@code service ls} reports it as docker does.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobsEndToEndTest extends SingleSkepdTest {
    private static final Duration LONG = Duration.ofSeconds(180);

    @Test
    @Order(1)
    void replicatedJobRunsToCompletionWithTheDockerCli() {
        // Not detached: the CLI follows the job's progress until it completes, as with Swarm.
        CommandResult create = docker.ok(
                LONG,
                "service",
                "create",
                "--name",
                "batch",
                "--mode",
                "replicated-job",
                "--replicas",
                "6",
                "--max-concurrent",
                "2",
                "--no-resolve-image",
                TestImages.V1,
                "sh",
                "-c",
                "sleep 2");

        // Without a terminal the CLI leaves out the bar lines ("job progress: N out of 6 complete") but prints these.
        assertThat(create.stdout()).contains("active tasks: 2 out of 2 tasks", "job complete");
        assertThat(docker.ok("service", "ls", "--filter", "name=batch", "--format", "{{.Mode}}|{{.Replicas}}")
                        .lines())
                .containsExactly("replicated job|0/2 (6/6 completed)");
        List<String> tasks = docker.ok("service", "ps", "batch", "--format", "{{.DesiredState}}|{{.CurrentState}}")
                .lines();
        assertThat(tasks).hasSize(6).allSatisfy(t -> assertThat(t).startsWith("Complete|Complete"));
    }

    @Test
    @Order(2)
    void atMostMaxConcurrentTasksRunAtOnce() {
        docker.ok(
                "service",
                "create",
                "-d",
                "--name",
                "slow",
                "--mode",
                "replicated-job",
                "--replicas",
                "4",
                "--max-concurrent",
                "2",
                "--no-resolve-image",
                TestImages.V1,
                "sh",
                "-c",
                "sleep 4");

        eventually().untilAsserted(() -> assertThat(replicas("slow")).isEqualTo("2/2 (0/4 completed)"));
        eventually().untilAsserted(() -> assertThat(replicas("slow")).isEqualTo("2/2 (2/4 completed)"));
        eventually().untilAsserted(() -> assertThat(replicas("slow")).endsWith("(4/4 completed)"));
    }

    @Test
    @Order(3)
    void unknownSchedulingStrategyAndBadCronScheduleAreRefused() {
        CommandResult strategy = docker.run(
                "service",
                "create",
                "-d",
                "--name",
                "bad",
                "--label",
                "skep.scheduler.strategy=random",
                "--no-resolve-image",
                TestImages.V1,
                "true");
        assertThat(strategy.exitCode()).isNotZero();
        assertThat(strategy.stderr()).contains("unknown scheduling strategy \"random\"");

        CommandResult cron = docker.run(
                "service",
                "create",
                "-d",
                "--name",
                "badcron",
                "--mode",
                "replicated-job",
                "--label",
                "skep.cron.schedule=*/5 * * 13 *",
                "--no-resolve-image",
                TestImages.V1,
                "true");
        assertThat(cron.exitCode()).isNotZero();
        assertThat(cron.stderr()).contains("month: 13 is out of range 1-12");
    }

    @Test
    @Order(4)
    void cronJobRunsAgainOnItsSchedule() {
        skepd.skep("job", "create", "--schedule", "* * * * *", "--name", "tick", "-d", TestImages.V1, "true")
                .assertSuccess();
        eventually().untilAsserted(() -> assertThat(replicas("tick")).isEqualTo("0/1 (1/1 completed)"));

        // The next whole minute starts iteration 1: a second completed task.
        eventually(Duration.ofSeconds(150))
                .untilAsserted(() -> assertThat(docker.ok("service", "ps", "tick", "--format", "{{.CurrentState}}")
                                .lines())
                        .hasSize(2)
                        .allSatisfy(s -> assertThat(s).startsWith("Complete")));
        String ls = skepd.skep("job", "ls").assertSuccess().stdout();
        assertThat(ls).contains("tick", "* * * * *", "completed (1/1)");
    }

    private String replicas(String service) {
        return docker.ok("service", "ls", "--filter", "name=" + service, "--format", "{{.Replicas}}")
                .stdout()
                .strip();
    }
}
