package dev.skep.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file under {@code compose/invalid/} starts with {@code # expect: <message>} (or
 * {@code # expect-prefix:}): loading it must fail with exactly that message.
 */
class InvalidComposeFilesTest {
    static final Path DIR = Path.of("src/test/resources/compose/invalid");

    static Stream<Path> files() throws IOException {
        return Files.list(DIR).filter(p -> p.toString().endsWith(".yml")).sorted();
    }

    @ParameterizedTest
    @MethodSource("files")
    void isRejectedWithItsExpectedMessage(Path file) throws IOException {
        String first = Files.readAllLines(file).get(0);
        assertThat(first).startsWith("# expect");
        boolean prefix = first.startsWith("# expect-prefix: ");
        String expected = first.substring(first.indexOf(':') + 2);

        assertThatThrownBy(() -> ComposeFile.load(file, "coins", Map.of()))
                .isInstanceOf(ComposeException.class)
                .satisfies(e -> {
                    if (prefix) {
                        assertThat(e.getMessage()).startsWith(expected);
                    } else {
                        assertThat(e.getMessage()).isEqualTo(expected);
                    }
                });
    }
}
