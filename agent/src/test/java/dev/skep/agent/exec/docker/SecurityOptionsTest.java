package dev.skep.agent.exec.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skep.agent.exec.ExecException;
import dev.skep.api.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecurityOptionsTest {
    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void defaultsAddNothing() throws Exception {
        assertThat(SecurityOptions.of(null)).isEmpty();
        assertThat(
                        SecurityOptions.of(
                                json(
                                        "{\"NoNewPrivileges\":false,\"Seccomp\":{\"Mode\":\"default\"},\"AppArmor\":{\"Mode\":\"default\"}}")))
                .isEmpty();
    }

    @Test
    void eachPrivilegeBecomesSwarmsSecurityOpt() throws Exception {
        assertThat(
                        SecurityOptions.of(
                                json(
                                        "{\"NoNewPrivileges\":true,\"Seccomp\":{\"Mode\":\"unconfined\"},"
                                                + "\"AppArmor\":{\"Mode\":\"disabled\"},\"SELinuxContext\":{\"User\":\"u\",\"Level\":\"s0\"}}")))
                .containsExactly(
                        "no-new-privileges=true",
                        "seccomp=unconfined",
                        "apparmor=unconfined",
                        "label=user:u",
                        "label=level:s0");
        assertThat(SecurityOptions.of(json("{\"SELinuxContext\":{\"Disable\":true,\"User\":\"u\"}}")))
                .containsExactly("label=disable");
    }

    @Test
    void aCustomSeccompProfileIsPassedAsItsJson() throws Exception {
        String profile = "{\"defaultAction\":\"SCMP_ACT_ERRNO\"}";
        String b64 = Base64.getEncoder().encodeToString(profile.getBytes(StandardCharsets.UTF_8));
        assertThat(SecurityOptions.of(json("{\"Seccomp\":{\"Mode\":\"custom\",\"Profile\":\"" + b64 + "\"}}")))
                .containsExactly("seccomp=" + profile);
        assertThatThrownBy(() -> SecurityOptions.of(json("{\"Seccomp\":{\"Mode\":\"custom\"}}")))
                .isInstanceOf(ExecException.class)
                .hasMessageContaining("needs a Profile");
    }

    @Test
    void unknownModesFailTheTaskSayingWhatIsAllowed() {
        assertThatThrownBy(() -> SecurityOptions.of(json("{\"AppArmor\":{\"Mode\":\"strict\"}}")))
                .isInstanceOf(ExecException.class)
                .hasMessageContaining("must be default or disabled");
        assertThatThrownBy(() -> SecurityOptions.of(json("{\"Seccomp\":{\"Mode\":\"x\"}}")))
                .hasMessageContaining("must be default, unconfined or custom");
    }
}
