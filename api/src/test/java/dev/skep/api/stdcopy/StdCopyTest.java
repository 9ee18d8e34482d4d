package dev.skep.api.stdcopy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StdCopyTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesTheStreamThreeZerosAndTheBigEndianLength() {
        byte[] payload = new byte[0x01_02_03];
        Arrays.fill(payload, (byte) 'x');

        byte[] frame = StdCopy.frame(StdCopy.STDERR, payload);

        assertThat(Arrays.copyOf(frame, 8)).containsExactly(2, 0, 0, 0, 0, 1, 2, 3);
        assertThat(Arrays.copyOfRange(frame, 8, frame.length)).isEqualTo(payload);
        assertThat(StdCopy.frame(StdCopy.SYSTEM_ERR, utf8("boom")))
                .containsExactly(3, 0, 0, 0, 0, 0, 0, 4, 'b', 'o', 'o', 'm');
    }

    @Test
    void demultiplexesStdoutAndStderrFrames() throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(StdCopy.frame(1, utf8("out\n")));
        stream.writeBytes(StdCopy.frame(2, utf8("err\n")));
        stream.writeBytes(StdCopy.frame(1, new byte[0]));
        List<String> seen = new ArrayList<>();
        StdCopy.demultiplex(
                new ByteArrayInputStream(stream.toByteArray()),
                (s, payload) -> seen.add(s + ":" + new String(payload, StandardCharsets.UTF_8)));
        assertThat(seen).containsExactly("1:out\n", "2:err\n", "1:");
    }

    @Test
    void reportsDaemonErrorsAndTruncatedHeaders() {
        assertThatThrownBy(() ->
                        StdCopy.demultiplex(new ByteArrayInputStream(StdCopy.frame(3, utf8("boom"))), (s, p) -> {}))
                .hasMessageContaining("boom");
        assertThatThrownBy(() -> StdCopy.demultiplex(new ByteArrayInputStream(new byte[] {1, 0, 0}), (s, p) -> {}))
                .hasMessageContaining("unexpected EOF");
    }
}
