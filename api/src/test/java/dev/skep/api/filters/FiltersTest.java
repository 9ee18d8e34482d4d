package dev.skep.api.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skep.api.errors.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FiltersTest {
    @Test
    void parsesCurrentAndLegacyForms() {
        assertThat(Filters.parse("{\"name\":{\"web\":true,\"db\":true}}").get("name"))
                .containsExactly("web", "db");
        assertThat(Filters.parse("{\"name\":[\"web\",\"db\"]}").get("name")).containsExactly("web", "db");
        assertThat(Filters.parse(null).isEmpty()).isTrue();
        assertThat(Filters.parse("").isEmpty()).isTrue();
    }

    @Test
    void malformedJsonIs400() {
        assertThatThrownBy(() -> Filters.parse("{nope"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("invalid filter");
    }

    @Test
    void unknownKeyIsRejectedByName() {
        assertThatThrownBy(() -> Filters.parse("{\"colour\":{\"red\":true}}").validate(Set.of("name")))
                .hasMessage("invalid filter 'colour'");
    }

    @Test
    void prefixExactAndLabelMatching() {
        Filters f = Filters.parse(
                "{\"id\":{\"ab\":true},\"mode\":{\"global\":true}," + "\"label\":{\"stack\":true,\"tier=web\":true}}");
        assertThat(f.matchesPrefix("id", "abc123")).isTrue();
        assertThat(f.matchesPrefix("id", "xabc")).isFalse();
        assertThat(f.matchesExact("mode", "global")).isTrue();
        assertThat(f.matchesExact("mode", "glob")).isFalse();
        assertThat(f.matchesLabels("label", Map.of("stack", "x", "tier", "web")))
                .isTrue();
        assertThat(f.matchesLabels("label", Map.of("stack", "x", "tier", "db"))).isFalse();
        assertThat(f.matchesLabels("label", Map.of("tier", "web"))).isFalse();
        assertThat(f.matchesPrefix("name", "anything"))
                .as("absent key matches all")
                .isTrue();
    }

    @Test
    void readsDockerFilterFlags() {
        Filters f = Filters.fromFlags(List.of(" Name = web ", "label=tier=web", "", "name=db"));

        assertThat(f.keys()).containsExactly("name", "label");
        assertThat(f.get("name")).containsExactly("web", "db");
        assertThat(f.get("label")).containsExactly("tier=web");
        assertThat(Filters.fromFlags(null).isEmpty()).isTrue();
        assertThatThrownBy(() -> Filters.fromFlags(List.of("dangling")))
                .hasMessage("bad format of filter (expected name=value)");
    }

    @Test
    void writesTheCurrentFormAndReadsItBack() {
        Filters f =
                Filters.empty().add("service", "s1").add("_up-to-date", "true").add("service", "s2");

        assertThat(f.toJson()).isEqualTo("{\"service\":{\"s1\":true,\"s2\":true},\"_up-to-date\":{\"true\":true}}");
        assertThat(Filters.parse(f.toJson()).get("service")).containsExactly("s1", "s2");
        assertThat(Filters.empty().toJson()).isEqualTo("{}");
    }

    @Test
    void addAndWithoutLeaveTheOriginalAlone() {
        Filters original = Filters.empty().add("node", "n1");

        Filters moved = original.without("node").add("node", "id-1");

        assertThat(original.get("node")).containsExactly("n1");
        assertThat(moved.get("node")).containsExactly("id-1");
        assertThat(original.without("node").contains("node")).isFalse();
    }
}
