package dev.skep.cli.job.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubmitFileParserTest {
    private static final String HEAD = "universe = docker\ndocker_image = busybox\nexecutable = /bin/echo\n";

    private static SubmitDescription parse(String body) {
        return SubmitFileParser.parse(HEAD + body, "job.sub");
    }

    private static List<String> problems(String text) {
        try {
            SubmitFileParser.parse(text, "job.sub");
        } catch (SubmitException e) {
            return e.problems();
        }
        throw new AssertionError("expected the description to be rejected");
    }

    @Test
    void readsADockerUniverseDescription() {
        SubmitDescription d = SubmitFileParser.parse("""
                # a comment
                Universe     = docker
                DOCKER_IMAGE = skep-busybox:latest
                Executable   = /bin/sh
                arguments    = "-c 'echo out-$(Process)'"
                request_cpus = 2
                request_memory = 1G
                output = out.$(Process)
                error  = err.$(Process)
                log    = job.log
                +ProjectName = "physics"
                MY.Owner = alice
                queue 3
                """, "job.sub");
        assertThat(d.dockerImage()).isEqualTo("skep-busybox:latest");
        assertThat(d.executable()).isEqualTo("/bin/sh");
        assertThat(d.arguments()).containsExactly("-c", "echo out-$(Process)");
        assertThat(d.requestCpus()).isEqualTo(2.0);
        assertThat(d.requestMemoryBytes()).isEqualTo(1L << 30);
        assertThat(d.output()).isEqualTo("out.$(Process)");
        assertThat(d.error()).isEqualTo("err.$(Process)");
        assertThat(d.log()).isEqualTo("job.log");
        assertThat(d.queueCount()).isEqualTo(3);
        assertThat(d.customAttributes()).containsEntry("ProjectName", "physics").containsEntry("Owner", "alice");
        assertThat(d.fileName()).isEqualTo("job.sub");
        assertThat(d.notes()).isEmpty();
    }

    @Test
    void newArgumentsSyntaxGroupsWithSingleQuotesAndDoublesQuotes() {
        assertThat(parse("arguments = \"3 simple arguments\"\nqueue").arguments())
                .containsExactly("3", "simple", "arguments");
        assertThat(parse("arguments = \"one 'two with spaces' 3\"\nqueue").arguments())
                .containsExactly("one", "two with spaces", "3");
        assertThat(parse("arguments = \"one \"\"two\"\" 'spacey ''quoted'' argument'\"\nqueue")
                        .arguments())
                .containsExactly("one", "\"two\"", "spacey 'quoted' argument");
        assertThat(parse("arguments = \"a '' b\"\nqueue").arguments()).containsExactly("a", "", "b");
    }

    @Test
    void oldArgumentsSyntaxSplitsOnWhiteSpaceWithBackslashQuotes() {
        assertThat(parse("arguments = one \\\"two\\\"  'three'\nqueue").arguments())
                .containsExactly("one", "\"two\"", "'three'");
    }

    @Test
    void environmentInBothSyntaxes() {
        assertThat(parse("environment = \"one=1 two=\"\"2\"\" three='spacey ''quoted'' value'\"\nqueue")
                        .environment())
                .containsExactly("one=1", "two=\"2\"", "three=spacey 'quoted' value");
        assertThat(parse("environment = one=1;two=2 and more;three=\"x\"\nqueue")
                        .environment())
                .containsExactly("one=1", "two=2 and more", "three=\"x\"");
    }

    @Test
    void aTrailingBackslashContinuesTheLine() {
        SubmitDescription d = parse("arguments = \"first \\\n   second\"\nqueue 2");
        assertThat(d.arguments()).containsExactly("first", "second");
        assertThat(d.queueCount()).isEqualTo(2);
    }

    @Test
    void queueWithoutCountQueuesOne() {
        assertThat(parse("queue").queueCount()).isEqualTo(1);
        assertThat(parse("Queue 12").queueCount()).isEqualTo(12);
    }

    @Test
    void memoryIsMegabytesUnlessSuffixed() {
        assertThat(parse("request_memory = 512\nqueue").requestMemoryBytes()).isEqualTo(512L << 20);
        assertThat(parse("request_memory = 1024K\nqueue").requestMemoryBytes()).isEqualTo(1L << 20);
        assertThat(parse("request_memory = 2GB\nqueue").requestMemoryBytes()).isEqualTo(2L << 30);
        assertThat(parse("request_memory = 1.5g\nqueue").requestMemoryBytes()).isEqualTo(3L << 29);
        assertThat(parse("request_memory = 1T\nqueue").requestMemoryBytes()).isEqualTo(1L << 40);
        assertThat(problems(HEAD + "request_memory = lots\nqueue"))
                .singleElement()
                .asString()
                .startsWith("job.sub:4: request_memory: 'lots' is not a memory size");
    }

    @Test
    void unknownCommandsAreAllNamedWithTheirLines() {
        assertThat(problems(HEAD + "transfer_input_files = a.txt\n# fine\nnotify_user = me@example.org\nqueue"))
                .containsExactly(
                        "job.sub:4: unsupported submit command 'transfer_input_files'",
                        "job.sub:6: unsupported submit command 'notify_user'");
    }

    @Test
    void onlyTheDockerUniverseIsAccepted() {
        assertThat(problems("universe = vanilla\ndocker_image = b\nexecutable = x\nqueue"))
                .containsExactly(
                        "job.sub:1: universe 'vanilla' is not supported: Skep runs only 'universe = docker' jobs");
        assertThat(problems("executable = x\nqueue"))
                .contains(
                        "job.sub: no universe: Skep runs only 'universe = docker' jobs",
                        "job.sub: docker_image is required");
    }

    @Test
    void missingOrRepeatedOrFancyQueueStatementsAreErrors() {
        assertThat(problems(HEAD)).containsExactly("job.sub:4: no queue statement: nothing to submit");
        assertThat(problems(HEAD + "queue 2\nqueue 3"))
                .containsExactly(
                        "job.sub:5: a second queue statement (the first is on line 4): Skep submits one cluster per submit file");
        assertThat(problems(HEAD + "queue input from files.txt"))
                .containsExactly(
                        "job.sub:4: unsupported queue statement 'queue input from files.txt': only 'queue [N]' is supported");
        assertThat(problems(HEAD + "queue 0")).containsExactly("job.sub:4: queue count must be positive: 0");
    }

    @Test
    void unknownMacrosAndBadQuotingAreErrors() {
        assertThat(problems(HEAD + "output = out.$(Item)\narguments = \"it's\"\nqueue"))
                .containsExactly(
                        "job.sub:4: unsupported macro $(Item) (Skep knows $(Process), $(ProcId), $(Cluster) and $(ClusterId))",
                        "job.sub:5: arguments: unterminated single quote");
        assertThat(problems(HEAD + "environment = novalue\nqueue"))
                .containsExactly("job.sub:4: environment: environment entry 'novalue' is not NAME=value");
    }

    @Test
    void transferCommandsAreAcceptedWithANote() {
        SubmitDescription d = parse("should_transfer_files = YES\nwhen_to_transfer_output = ON_EXIT\n"
                + "transfer_executable = false\nqueue");
        assertThat(d.notes())
                .hasSize(3)
                .first()
                .asString()
                .startsWith("job.sub:4: should_transfer_files is accepted and ignored");
    }

    @Test
    void theExceptionMessageListsEveryProblem() {
        assertThatThrownBy(() -> SubmitFileParser.parse("universe = docker\nfoo = 1\nqueue", "x.sub"))
                .isInstanceOf(SubmitException.class)
                .hasMessageContaining("x.sub:2: unsupported submit command 'foo'")
                .hasMessageContaining("x.sub: docker_image is required")
                .hasMessageContaining("nothing was submitted");
    }

    @Test
    void macrosExpandCaseInsensitively() {
        assertThat(Macros.expand("o.$(Cluster).$(process).$(ProcId).$(CLUSTERID)", "7", "2"))
                .isEqualTo("o.7.2.2.7");
        assertThat(Macros.expand("$(Other)", "7", "2")).isEqualTo("$(Other)");
    }
}
