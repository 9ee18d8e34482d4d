package dev.skep.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skep.api.errors.ApiException;
import dev.skep.api.json.Json;
import dev.skep.api.model.ServiceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceSpecValidatorTest {
    private static final String BASE =
            "{\"Name\":\"web\",\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"busybox:1.36\"}%s}%s}";

    private static ServiceSpec spec(String task, String top) {
        return Json.read(BASE.formatted(task, top), ServiceSpec.class);
    }

    @Test
    void aPlainSpecIsValid() {
        assertThatCode(() -> ServiceSpecValidator.validate(spec("", ",\"Mode\":{\"Replicated\":{\"Replicas\":3}}")))
                .doesNotThrowAnyException();
        assertThatCode(() -> ServiceSpecValidator.validate(Json.read(
                        "{\"Name\":\"w\",\"TaskTemplate\":"
                                + "{\"ContainerSpec\":{\"Image\":\"registry:5000/team/app:v1@sha256:"
                                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"}}}",
                        ServiceSpec.class)))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '~',
            value = {
                "|,\"Mode\":{\"Replicated\":{\"Replicas\":-1}}|Number of replicas must be non-negative",
                ",\"RestartPolicy\":{\"Condition\":\"sometimes\"}||RestartPolicy.Condition",
                ",\"RestartPolicy\":{\"Delay\":-5}||restart-delay cannot be negative",
                ",\"Placement\":{\"Constraints\":[\"node.role=manager\"]}||constraint expected one operator",
                ",\"Placement\":{\"Constraints\":[\"node role==manager\"]}||key 'node role' is invalid",
                "|,\"UpdateConfig\":{\"FailureAction\":\"explode\"}|unrecognized update failure action explode",
                "|,\"UpdateConfig\":{\"Order\":\"random\"}|unrecognized update order random",
                "|,\"UpdateConfig\":{\"Delay\":-1}|update-delay cannot be negative",
                "|,\"RollbackConfig\":{\"MaxFailureRatio\":1.5}|rollback-maxfailureratio",
                "|,\"EndpointSpec\":{\"Mode\":\"dnsrr\",\"Ports\":[{\"TargetPort\":80,\"PublishedPort\":8080}]}|can't be used with dnsrr mode",
                "|,\"EndpointSpec\":{\"Mode\":\"round-robin\"}|invalid resolution mode",
                "|,\"EndpointSpec\":{\"Ports\":[{\"TargetPort\":80,\"PublishedPort\":80},{\"TargetPort\":81,\"PublishedPort\":80}]}|duplicate published ports",
                "|,\"EndpointSpec\":{\"Ports\":[{\"TargetPort\":80,\"Protocol\":\"icmp\"}]}|invalid protocol",
                "|,\"Mode\":{\"Replicated\":{\"Replicas\":1},\"Global\":{}}|specify only one",
                ",\"Resources\":{\"Limits\":{\"MemoryBytes\":1024}}||Must be at least 4MiB",
                ",\"Resources\":{\"Reservations\":{\"GenericResources\":[{\"NamedResourceSpec\":{\"Kind\":\"gpu\",\"Value\":\"GPU-1\"}}]}}||asks for a count of a kind",
                ",\"Resources\":{\"Reservations\":{\"GenericResources\":[{\"DiscreteResourceSpec\":{\"Kind\":\"gpu\",\"Value\":0}}]}}||count at least 1",
            })
    void badSpecsSayWhatToFix(String task, String top, String message) {
        ServiceSpec s = spec(task == null ? "" : task, top == null ? "" : top);
        assertThatThrownBy(() -> ServiceSpecValidator.validate(s))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining(message);
    }

    @Test
    void namesMustBeDnsLabels() {
        assertThatThrownBy(() -> ServiceSpecValidator.validateName("web.app")).hasMessageContaining("DNS name");
        assertThatThrownBy(() -> ServiceSpecValidator.validateName("a".repeat(64)))
                .hasMessageContaining("63");
        assertThatCode(() -> ServiceSpecValidator.validateName("my_stack_web-1"))
                .doesNotThrowAnyException();
    }

    @Test
    void imageIsRequiredAndWellFormed() {
        assertThatThrownBy(() -> ServiceSpecValidator.validate(
                        Json.read("{\"Name\":\"w\",\"TaskTemplate\":{}}", ServiceSpec.class)))
                .hasMessageContaining("ContainerSpec: image reference must be provided");
        assertThatThrownBy(() -> ServiceSpecValidator.validate(Json.read(
                        "{\"Name\":\"w\",\"TaskTemplate\":" + "{\"ContainerSpec\":{\"Image\":\"Bad Image\"}}}",
                        ServiceSpec.class)))
                .hasMessageContaining("is not a valid repository/tag");
    }

    @Test
    void modeChangeAndRenameAreRefused() {
        ServiceSpec replicated = spec("", ",\"Mode\":{\"Replicated\":{\"Replicas\":1}}");
        ServiceSpec global = spec("", ",\"Mode\":{\"Global\":{}}");
        assertThatThrownBy(() -> ServiceSpecValidator.validateUpdate(replicated, global))
                .hasMessageContaining("service mode change is not allowed");
        ServiceSpec renamed = Json.read(
                BASE.formatted("", ",\"Mode\":{\"Replicated\":{\"Replicas\":1}}")
                        .replace("\"web\"", "\"api\""),
                ServiceSpec.class);
        assertThatThrownBy(() -> ServiceSpecValidator.validateUpdate(replicated, renamed))
                .hasMessageContaining("renaming services is not supported");
    }
}
