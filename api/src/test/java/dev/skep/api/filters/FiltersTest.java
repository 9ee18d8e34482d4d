package dev.skep.api.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skep.api.errors.ApiException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FiltersTest {
    @Test
    void parsesCurrentAndLegacyForms() {
        assertThat(Filters.parse("{\"name\":{\"web\":true,\"db\":true}}").get("name")).containsExactly("web", "db");
        assertThat(Filters.parse("{\"name\":[\"web\",\"db\"]}").get("name")).containsExactly("web", "db");
        assertThat(Filters.parse(null).isEmpty()).isTrue();
        assertThat(Filters.parse("").isEmpty()).isTrue();
    }

    @Test
    void malformedJsonIs400() {
        assertThatThrownBy(() -> Filters.parse("{nope"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("invalid filter");
    }

    @Test
    void unknownKeyIsRejectedByName() {
        assertThatThrownBy(() -> Filters.parse("{\"colour\":{\"red\":true}}").validate(Set.of("name")))
                .hasMessage("invalid filter 'colour'");
    }

    @Test
    void prefixExactAndLabelMatching() {
        Filters f = Filters.parse("{\"id\":{\"ab\":true},\"mode\":{\"global\":true},"
                + "\"label\":{\"stack\":true,\"tier=web\":true}}");
        assertThat(f.matchesPrefix("id", "abc123")).isTrue();
        assertThat(f.matchesPrefix("id", "xabc")).isFalse();
        assertThat(f.matchesExact("mode", "global")).isTrue();
        assertThat(f.matchesExact("mode", "glob")).isFalse();
        assertThat(f.matchesLabels("label", Map.of("stack", "x", "tier", "web"))).isTrue();
        assertThat(f.matchesLabels("label", Map.of("stack", "x", "tier", "db"))).isFalse();
        assertThat(f.matchesLabels("label", Map.of("tier", "web"))).isFalse();
        assertThat(f.matchesPrefix("name", "anything")).as("absent key matches all").isTrue();
    }
}
