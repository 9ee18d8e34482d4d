package dev.skep.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** security_opt becomes the service's Privileges; privileged and devices are refused. */
class SecurityOptsTest {
    @TempDir
    Path dir;

    private Stack load(String service) throws Exception {
        Path file = dir.resolve("stack.yml");
        Files.writeString(file, "services:\n  app:\n    image: skep-busybox\n" + service);
        return ComposeFile.load(file, "s", Map.of());
    }

    private JsonNode privileges(String service) throws Exception {
        return load(service)
                .service("app")
                .orElseThrow()
                .spec()
                .taskTemplate()
                .containerSpec()
                .privileges();
    }

    @Test
    void securityOptionsBecomePrivileges() throws Exception {
        Files.writeString(dir.resolve("profile.json"), "{ \"defaultAction\" : \"SCMP_ACT_ALLOW\" }");
        JsonNode p = privileges("""
                    security_opt:
                      - no-new-privileges:true
                      - seccomp=profile.json
                      - apparmor=unconfined
                      - label=level:s0:c100
                """);
        assertThat(p.get("NoNewPrivileges").asBoolean()).isTrue();
        assertThat(p.get("Seccomp").get("Mode").asText()).isEqualTo("custom");
        assertThat(new String(
                        Base64.getDecoder()
                                .decode(p.get("Seccomp").get("Profile").asText()),
                        StandardCharsets.UTF_8))
                .isEqualTo("{\"defaultAction\":\"SCMP_ACT_ALLOW\"}");
        assertThat(p.get("AppArmor").get("Mode").asText()).isEqualTo("disabled");
        assertThat(p.get("SELinuxContext").get("Level").asText()).isEqualTo("s0:c100");

        JsonNode plain = privileges("    security_opt: [no-new-privileges, \"seccomp:unconfined\"]\n");
        assertThat(plain.get("NoNewPrivileges").asBoolean()).isTrue();
        assertThat(plain.get("Seccomp").get("Mode").asText()).isEqualTo("unconfined");
        assertThat(privileges("")).isNull();
        assertThat(load("    security_opt: [no-new-privileges]\n").warnings()).isEmpty();
    }

    @Test
    void optionsThatCannotBeHonouredAreRefused() {
        assertThatThrownBy(() -> load("    security_opt: [apparmor=my-profile]\n"))
                .isInstanceOf(ComposeException.class)
                .hasMessageContaining("apparmor=my-profile is not supported");
        assertThatThrownBy(() -> load("    security_opt: [systempaths=unconfined]\n"))
                .hasMessageContaining("unsupported security option \"systempaths=unconfined\"");
        assertThatThrownBy(() -> load("    security_opt: [seccomp=missing.json]\n"))
                .hasMessageContaining("cannot read the seccomp profile");
    }

    @Test
    void privilegedAndDevicesAreRefusedWithTheReason() throws Exception {
        assertThatThrownBy(() -> load("    privileged: true\n"))
                .isInstanceOf(ComposeException.class)
                .hasMessageContaining("privileged containers are not supported by swarm services");
        assertThatThrownBy(() -> load("    devices: [\"/dev/fuse:/dev/fuse\"]\n"))
                .hasMessageContaining("host devices are not supported");
        assertThat(privileges("    privileged: false\n")).isNull();
    }
}
