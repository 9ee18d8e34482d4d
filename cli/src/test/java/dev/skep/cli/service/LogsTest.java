package dev.skep.cli.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skep.api.model.Task;
import dev.skep.api.stdcopy.StdCopy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogsTest {
    private static byte[] frames(byte[]... fs) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] f : fs) b.writeBytes(f);
        return b.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void prefixesEachLineWithTaskAndNode() throws IOException {
        String details = "com.docker.swarm.node.id=n1,com.docker.swarm.service.id=s1,"
                + "com.docker.swarm.task.id=abcdef1234567890abcdefghi";
        Task task = new Task(
                "abcdef1234567890abcdefghi",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "s1",
                3L,
                "n1",
                null,
                null,
                null,
                null);
        IdResolver names = new IdResolver(null, true) {
            @Override
            public String node(String id) {
                return "node-1";
            }

            @Override
            public String service(String id) {
                return "web";
            }
        };
        LogLineFormatter f = new LogLineFormatter(false, false, false, false, 2, names, id -> task);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ServiceLogs.copy(
                new ByteArrayInputStream(frames(
                        StdCopy.frame(1, utf8(details + " hello\n")), StdCopy.frame(2, utf8(details + " oops\n")))),
                f,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("web.3.abcdef123456@node-1     | hello\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("web.3.abcdef123456@node-1     | oops\n");

        LogLineFormatter stamped = new LogLineFormatter(true, true, false, false, 1, names, id -> task);
        assertThat(stamped.format("2024-01-01T00:00:00Z " + details + " line\n"))
                .isEqualTo("2024-01-01T00:00:00Z web.3@node-1    | line\n");
        assertThatThrownBy(() -> f.format("com.docker.swarm.node.id=n1 text")).hasMessageContaining("missing");
    }
}
