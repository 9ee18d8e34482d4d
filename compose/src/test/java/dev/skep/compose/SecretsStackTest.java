package dev.skep.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.model.ContainerSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsStackTest {
    @TempDir
    Path dir;

    @Test
    void topLevelSecretsAndConfigsAndServiceReferencesConvertAsDockersDo() throws Exception {
        Files.writeString(dir.resolve("pw.txt"), "s3cret");
        Files.writeString(dir.resolve("app.conf"), "k=v");
        Files.writeString(dir.resolve("compose.yml"), """
                services:
                  web:
                    image: busybox
                    secrets:
                      - db_pw
                      - source: api_key
                        target: key
                        uid: "1000"
                        mode: 0440
                    configs:
                      - source: app
                        target: /etc/app.conf
                secrets:
                  db_pw:
                    file: ./pw.txt
                    labels: {team: db}
                  api_key:
                    external: true
                    name: shared_key
                configs:
                  app:
                    file: app.conf
                    template_driver: golang
                """);
        Stack stack = ComposeFile.load(dir.resolve("compose.yml"), "shop", Map.of());

        assertThat(stack.secrets()).extracting(StackSecret::name).containsExactly("shop_db_pw", "shared_key");
        StackSecret pw = stack.secrets().get(0);
        assertThat(new String(pw.data(), StandardCharsets.UTF_8)).isEqualTo("s3cret");
        assertThat(pw.labels()).containsEntry("team", "db").containsEntry(Stack.NAMESPACE_LABEL, "shop");
        assertThat(stack.secrets().get(1).external()).isTrue();
        assertThat(stack.configs()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("shop_app");
            assertThat(c.templateDriver()).isEqualTo("golang");
        });

        ContainerSpec c =
                stack.service("web").orElseThrow().spec().taskTemplate().containerSpec();
        assertThat(c.secrets())
                .containsExactly(
                        new ContainerSpec.SecretReference(
                                new ContainerSpec.FileTarget("db_pw", "0", "0", 0444), null, "shop_db_pw"),
                        new ContainerSpec.SecretReference(
                                new ContainerSpec.FileTarget("key", "1000", "0", 0440), null, "shared_key"));
        assertThat(c.configs())
                .containsExactly(new ContainerSpec.ConfigReference(
                        new ContainerSpec.FileTarget("/etc/app.conf", "0", "0", 0444), null, null, "shop_app"));
    }
}
