package dev.skep.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EngineEventsTest {
    @Test
    void asksTheEngineWithTheClientsFiltersAndWindow() {
        assertThat(EngineEvents.path(null, null, null)).isEqualTo("/v1.41/events");
        assertThat(EngineEvents.path("{\"type\":{\"container\":true}}", "1700000000.5", "1700000100"))
                .isEqualTo("/v1.41/events?filters=%7B%22type%22%3A%7B%22container%22%3Atrue%7D%7D"
                        + "&since=1700000000.5&until=1700000100");
        assertThat(EngineEvents.path("", " ", "1")).isEqualTo("/v1.41/events?until=1");
    }
}
