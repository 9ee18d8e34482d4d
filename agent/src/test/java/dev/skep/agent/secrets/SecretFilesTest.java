package dev.skep.agent.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skep.agent.TestTasks;
import dev.skep.agent.exec.ExecException;
import dev.skep.api.dispatcher.Assignments;
import dev.skep.api.model.Config;
import dev.skep.api.model.Secret;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {
    @TempDir
    Path dir;

    final SecretStore store = new SecretStore();

    static Secret secret(String id, String data) {
        return new Secret(id, null, null, null, new Secret.SecretSpec(id + "-name", null, bytes(data), null, null));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Task task() {
        return TestTasks.task("n1", "web", 1, """
                {"ContainerSpec":{"Image":"busybox",
                  "Secrets":[{"File":{"Name":"db_pw","UID":"0","GID":"0","Mode":288},"SecretID":"s1","SecretName":"pw"},
                             {"File":{"Name":"plain"},"SecretID":"s2","SecretName":"other"}],
                  "Configs":[{"File":{"Name":"/etc/app.conf","Mode":292},"ConfigID":"c1","ConfigName":"conf"},
                             {"File":{"Name":"rel.conf"},"ConfigID":"c1","ConfigName":"conf"}]}}""", TaskState.RUNNING);
    }

    private void assign(Assignments.Type type, List<Secret> secrets, List<String> forget) {
        store.apply(new Assignments(
                type,
                List.of(),
                List.of(),
                1,
                null,
                secrets,
                forget,
                List.of(new Config("c1", null, null, null, new Config.ConfigSpec("conf", null, bytes("k=v"), null))),
                null));
    }

    @Test
    void theStoreFollowsTheAssignments() {
        assign(Assignments.Type.COMPLETE, List.of(secret("s1", "a"), secret("s2", "b")), null);
        assertThat(store.secretIds()).containsExactly("s1", "s2");
        assign(Assignments.Type.INCREMENTAL, List.of(), List.of("s1"));
        assertThat(store.secretIds()).containsExactly("s2");
        assign(Assignments.Type.COMPLETE, List.of(secret("s3", "c")), null);
        assertThat(store.secretIds()).containsExactly("s3");
        assertThat(store.configIds()).containsExactly("c1");
    }

    @Test
    void eachReferenceBecomesAFileWithItsModeAtItsTarget() throws Exception {
        assign(Assignments.Type.COMPLETE, List.of(secret("s1", "hunter2"), secret("s2", "b")), null);
        SecretFiles files = new SecretFiles(dir);
        Task t = task();

        List<SecretFiles.BindFile> binds = files.write(t, store);

        assertThat(binds)
                .extracting(SecretFiles.BindFile::target)
                .containsExactly("/run/secrets/db_pw", "/run/secrets/plain", "/etc/app.conf", "/rel.conf");
        Path pw = binds.get(0).source();
        assertThat(pw).startsWith(dir.resolve(t.id()));
        assertThat(Files.readString(pw)).isEqualTo("hunter2");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pw)))
                .isEqualTo("r--r-----");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(binds.get(1).source())))
                .isEqualTo("r--------");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(binds.get(2).source())))
                .isEqualTo("r--r--r--");
        assertThat(Files.readString(binds.get(3).source())).isEqualTo("k=v");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(t.id()))))
                .isEqualTo("rwx------");
        assertThat(files.tasks()).containsExactly(t.id());

        files.remove(t.id());
        assertThat(files.tasks()).isEmpty();
    }

    @Test
    void aMissingSecretFailsTheTaskAndLeavesNothing() {
        assign(Assignments.Type.COMPLETE, List.of(secret("s1", "x")), null);
        SecretFiles files = new SecretFiles(dir);
        assertThatThrownBy(() -> files.write(task(), store))
                .isInstanceOf(ExecException.class)
                .hasMessageContaining("secret other (s2) not found");
        assertThat(files.tasks()).isEmpty();
    }

    @Test
    void goTemplatesAreExpandedPerTaskAndAnythingElseFailsTheTask() throws Exception {
        dev.skep.api.model.Driver golang = new dev.skep.api.model.Driver("golang", null);
        Secret tpl = new Secret(
                "s1",
                null,
                null,
                null,
                new Secret.SecretSpec(
                        "pw",
                        null,
                        bytes("{{ .Service.Name }}/{{.Task.Slot}}@{{ .Node.Hostname }} {{ env \"MODE\" }}"
                                + " {{ secret \"plain\" }} {{ config \"/etc/app.conf\" }}"),
                        null,
                        golang));
        assign(Assignments.Type.COMPLETE, List.of(tpl, secret("s2", "other")), null);
        Task t = TestTasks.task("n1", "web", 3, """
                {"ContainerSpec":{"Image":"busybox","Env":["MODE=prod"],
                  "Secrets":[{"File":{"Name":"db_pw"},"SecretID":"s1","SecretName":"pw"},
                             {"File":{"Name":"plain"},"SecretID":"s2","SecretName":"other"}],
                  "Configs":[{"File":{"Name":"/etc/app.conf"},"ConfigID":"c1","ConfigName":"conf"}]}}""", TaskState.RUNNING);
        SecretFiles files = new SecretFiles(dir);
        var ctx = SecretTemplates.Context.of(t, "web", "web.3." + t.id(), "3", "host-a");

        List<SecretFiles.BindFile> binds = files.write(t, store, ctx);

        assertThat(Files.readString(binds.get(0).source())).isEqualTo("web/3@host-a prod other k=v");
        assertThat(Files.readString(binds.get(1).source())).isEqualTo("other");

        Secret bad = new Secret(
                "s1",
                null,
                null,
                null,
                new Secret.SecretSpec("pw", null, bytes("{{ .Spec.Name | upper }}"), null, golang));
        assign(Assignments.Type.COMPLETE, List.of(bad, secret("s2", "other")), null);
        assertThatThrownBy(() -> files.write(t, store, ctx))
                .isInstanceOf(ExecException.class)
                .hasMessageContaining("template secret pw: unsupported action {{.Spec.Name | upper}}");
        assertThat(files.tasks()).isEmpty();
    }

    @Test
    void aTaskWithoutReferencesNeedsNoFiles() throws Exception {
        SecretFiles files = new SecretFiles(dir);
        assertThat(files.write(TestTasks.image("n1", "busybox", TaskState.RUNNING), store))
                .isEmpty();
        assertThat(files.tasks()).isEmpty();
    }
}
