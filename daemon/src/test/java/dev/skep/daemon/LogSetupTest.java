package dev.skep.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogSetupTest {
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @Test
    void theNodeNameAndLevelReachEveryLine() {
        Level before = root.getLevel();
        try {
            LogSetup.apply("node7", "warn", "text");
            assertThat(root.getLevel()).isEqualTo(Level.WARN);
            assertThat(context.getProperty(LogSetup.NODE_PROPERTY)).isEqualTo("node7");
        } finally {
            root.setLevel(before);
        }
    }

    @Test
    void anUnknownLevelOrFormatIsRefusedByName() {
        assertThatThrownBy(() -> LogSetup.apply("n", "loud", "text")).hasMessageContaining("not loud");
        assertThatThrownBy(() -> LogSetup.apply("n", null, "xml"))
                .hasMessage("--log-format must be text or json, not xml");
    }
}
