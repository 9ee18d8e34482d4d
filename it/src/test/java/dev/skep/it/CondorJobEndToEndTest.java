package dev.skep.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skep job submit --wait}: an HTCondor docker-universe submit description runs as a replicated job on a real
 * skepd, {@code $(Process)} reaches each container as its slot, and each process's stdout and stderr come back
 * into its own output and error files next to the submit file.
 */
class CondorJobEndToEndTest extends SingleSkepdTest {
    private static final String SUBMIT = """
            # three processes, each echoing its number to stdout and stderr
            universe     = docker
            docker_image = %s
            executable   = /bin/sh
            arguments    = "-c 'echo out-$(Process); echo err-$(Process) >&2'"
            output       = out.$(Process)
            error        = err.$(Process)
            log          = job.log
            should_transfer_files = NO
            queue 3
            """.formatted(TestImages.V1);

    @TempDir
    Path dir;

    @Test
    void submitWaitWritesEachProcesssOutputAndErrorFiles() throws IOException {
        Path file = dir.resolve("echo.sub");
        Files.writeString(file, SUBMIT);

        CommandResult submit =
                skepd.skep("job", "submit", "--wait", file.toString()).assertSuccess();

        assertThat(submit.stdout())
                .isEqualTo("Submitting job(s)...\n3 job(s) submitted to cluster 1.\nAll jobs done.\n");
        for (int p = 0; p < 3; p++) {
            assertThat(Files.readString(dir.resolve("out." + p))).isEqualTo("out-" + p + "\n");
            assertThat(Files.readString(dir.resolve("err." + p))).isEqualTo("err-" + p + "\n");
        }
        String log = Files.readString(dir.resolve("job.log"));
        for (int p = 0; p < 3; p++) {
            String id = "(001.00" + p + ".000)";
            assertThat(log).contains("000 " + id, "001 " + id, "005 " + id);
        }
        assertThat(log.split("Normal termination \\(return value 0\\)", -1)).hasSize(4);

        CommandResult status = skepd.skep("job", "status", "1").assertSuccess();
        assertThat(status.lines()).hasSize(5);
        assertThat(status.lines().subList(1, 4))
                .allSatisfy(line -> assertThat(line).contains("completed", skepd.nodeName()));
        assertThat(status.lines().get(4)).isEqualTo("3 jobs; 3 completed, 0 idle, 0 running, 0 held");
        assertThat(skepd.docker()
                        .ok("service", "ls", "--format", "{{.Name}} {{.Mode}}")
                        .lines())
                .containsExactly("condor-1 replicated job");
    }
}
