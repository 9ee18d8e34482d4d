package dev.skep.cli.job.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's example submit file (its {@code ```condor} block) is one that {@code skep job submit} accepts. */
class ReadmeSubmitExampleTest {
    private static final String FENCE = "```condor\n";

    /** Surefire runs in the module's directory; the README is the repository's. */
    private static String readmeExample() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf(FENCE);
        assertThat(start).as("a ```condor block in README.md").isNotNegative();
        int end = readme.indexOf("```", start + FENCE.length());
        return readme.substring(start + FENCE.length(), end);
    }

    @Test
    void theReadmeExampleParses() throws IOException {
        SubmitDescription d = SubmitFileParser.parse(readmeExample(), "hello.sub");

        assertThat(d.dockerImage()).isEqualTo("skep-busybox:latest");
        assertThat(d.executable()).isEqualTo("/bin/sh");
        assertThat(d.arguments()).containsExactly("-c", "echo process $PROCESS of cluster $CLUSTER; sleep 2");
        assertThat(d.environment()).containsExactly("CLUSTER=$(Cluster)", "PROCESS=$(Process)");
        assertThat(d.requestCpus()).isEqualTo(1.0);
        assertThat(d.requestMemoryBytes()).isEqualTo(64L << 20);
        assertThat(List.of(d.output(), d.error(), d.log()))
                .containsExactly("hello.$(Process).out", "hello.$(Process).err", "hello.log");
        assertThat(d.customAttributes()).isEqualTo(Map.of("Owner", "alice"));
        assertThat(d.queueCount()).isEqualTo(3);
        assertThat(d.notes()).isEmpty();
    }
}
