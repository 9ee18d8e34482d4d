package dev.skep.manager.controlapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skep.api.errors.ApiException;
import dev.skep.api.filters.Filters;
import dev.skep.api.json.Json;
import dev.skep.api.model.Config;
import dev.skep.api.model.Secret;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.time.ManualTimer;
import dev.skep.store.MemoryStore;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretApiTest {
    final ManualTimer timer = new ManualTimer();
    final MemoryStore store = new MemoryStore(timer.clock());
    final SecretApi secrets = new SecretApi(store);
    final ConfigApi configs = new ConfigApi(store);
    final ServiceApi services = new ServiceApi(store);

    static Secret.SecretSpec secretSpec(String name, String data) {
        return Json.read(
                "{\"Name\":\"%s\",\"Labels\":{\"a\":\"b\"},\"Data\":\"%s\"}"
                        .formatted(name, Base64.getEncoder().encodeToString(data.getBytes(StandardCharsets.UTF_8))),
                Secret.SecretSpec.class);
    }

    static Config.ConfigSpec configSpec(String name, String data) {
        return new Config.ConfigSpec(name, Map.of(), data.getBytes(StandardCharsets.UTF_8), null);
    }

    static ServiceSpec serviceWith(String name, String refs) {
        return Json.read(
                ("{\"Name\":\"%s\",\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"busybox\",%s}}}")
                        .formatted(name, refs),
                ServiceSpec.class);
    }

    static String secretRef(String id, String name, String target) {
        return "{\"File\":{\"Name\":\"%s\",\"UID\":\"0\",\"GID\":\"0\",\"Mode\":292},\"SecretID\":\"%s\",\"SecretName\":\"%s\"}"
                .formatted(target, id, name);
    }

    @Test
    void aSecretIsStoredButNeverShown() {
        String id = secrets.create(secretSpec("db_pw", "hunter2"));
        Secret shown = secrets.get("db_pw");
        assertThat(shown.id()).isEqualTo(id);
        assertThat(shown.spec().data()).isNull();
        assertThat(Json.text(shown)).doesNotContain("aHVudGVyMg").contains("\"Name\":\"db_pw\"");
        assertThat(secrets.list(Filters.empty()))
                .singleElement()
                .satisfies(s -> assertThat(s.spec().data()).isNull());
        Secret stored = store.view(tx -> tx.secrets().get(id));
        assertThat(new String(stored.spec().data(), StandardCharsets.UTF_8)).isEqualTo("hunter2");
        assertThat(stored.spec().toString()).doesNotContain("hunter2");
    }

    @Test
    void aConfigShowsItsData() {
        configs.create(configSpec("nginx.conf", "server {}"));
        assertThat(new String(configs.get("nginx.conf").spec().data(), StandardCharsets.UTF_8))
                .isEqualTo("server {}");
    }

    @Test
    void duplicateNamesAre409AndBadSpecs400() {
        secrets.create(secretSpec("dup", "x"));
        assertThatThrownBy(() -> secrets.create(secretSpec("dup", "y")))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("secret dup already exists")
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(409));
        assertThatThrownBy(() -> secrets.create(secretSpec("-bad", "x"))).hasMessageContaining("invalid name");
        assertThatThrownBy(() -> secrets.create(new Secret.SecretSpec("big", null, new byte[500 * 1024], null, null)))
                .hasMessageContaining("secret data must be larger than 0 and less than 512000 bytes");
        assertThatThrownBy(() -> secrets.create(
                        new Secret.SecretSpec("drv", null, null, new dev.skep.api.model.Driver("vault", null), null)))
                .hasMessageContaining("secret driver \"vault\" is not supported")
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
        secrets.create(new Secret.SecretSpec(
                "tpl", null, new byte[] {1}, null, new dev.skep.api.model.Driver("golang", null)));
        assertThat(storedSecrets()).hasSize(2);
    }

    @Test
    void listFiltersAreSwarmKits() {
        String a = secrets.create(secretSpec("alpha", "1"));
        secrets.create(secretSpec("alphabet", "2"));
        secrets.create(secretSpec("beta", "3"));
        assertThat(names(Filters.empty().add("names", "alpha"))).containsExactly("alpha");
        assertThat(names(Filters.empty().add("name", "alpha"))).containsExactlyInAnyOrder("alpha", "alphabet");
        assertThat(names(Filters.empty().add("id", a.substring(0, 6)))).containsExactly("alpha");
        assertThat(names(Filters.empty().add("label", "a=b"))).hasSize(3);
        assertThat(names(Filters.empty().add("label", "a=c"))).isEmpty();
        assertThatThrownBy(() -> secrets.list(Filters.empty().add("driver", "x")))
                .hasMessageContaining("invalid filter 'driver'");
    }

    private List<Secret> storedSecrets() {
        return store.<List<Secret>>view(tx -> tx.secrets().all());
    }

    private List<Service> storedServices() {
        return store.<List<Service>>view(tx -> tx.services().all());
    }

    private List<String> names(Filters f) {
        return secrets.list(f).stream().map(Secret::name).toList();
    }

    @Test
    void onlyLabelsCanBeUpdated() {
        secrets.create(secretSpec("s", "x"));
        Secret s = secrets.get("s");
        long v = s.version().value();
        assertThatThrownBy(() -> secrets.update("s", v, secretSpec("s", "other")))
                .hasMessageContaining("only updates to Labels are allowed");
        secrets.update("s", v, new Secret.SecretSpec("s", Map.of("new", "1"), null, null, null));
        assertThat(secrets.get("s").spec().labels()).containsOnlyKeys("new");
        Secret stored = store.view(tx -> tx.secrets().get(s.id()));
        assertThat(stored.spec().data()).containsExactly('x');
    }

    @Test
    void servicesMustReferenceExistingSecretsAndCannotLoseThem() {
        String id = secrets.create(secretSpec("db_pw", "x"));
        assertThatThrownBy(() ->
                        services.create(serviceWith("web", "\"Secrets\":[" + secretRef("nope", "ghost", "g") + "]")))
                .hasMessageContaining("secret not found: ghost");
        assertThat(storedServices()).isEmpty();
        services.create(serviceWith("web", "\"Secrets\":[" + secretRef(id, "db_pw", "db_pw") + "]"));
        services.create(serviceWith("api", "\"Secrets\":[" + secretRef(id, "db_pw", "pw") + "]"));
        assertThatThrownBy(() -> secrets.remove("db_pw"))
                .hasMessageMatching(".*secret 'db_pw' is in use by the following services: (web, api|api, web)");
        services.remove("web");
        assertThatThrownBy(() -> secrets.remove("db_pw"))
                .hasMessageContaining("secret 'db_pw' is in use by the following service: api");
        services.remove("api");
        secrets.remove("db_pw");
        assertThat(storedSecrets()).isEmpty();
    }

    @Test
    void targetsAreUniqueAndStayInTheirDirectory() {
        String id = secrets.create(secretSpec("a", "x"));
        String id2 = secrets.create(secretSpec("b", "x"));
        assertThatThrownBy(() -> services.create(serviceWith(
                        "web", "\"Secrets\":[" + secretRef(id, "a", "t") + "," + secretRef(id2, "b", "t") + "]")))
                .hasMessageContaining("secret references 'a' and 'b' have a conflicting target: 't'");
        assertThatThrownBy(() ->
                        services.create(serviceWith("web", "\"Secrets\":[" + secretRef(id, "a", "../etc/x") + "]")))
                .hasMessageContaining("must not contain '..'");
        String cid = configs.create(configSpec("c", "x"));
        assertThatThrownBy(() -> services.create(serviceWith(
                        "web",
                        "\"Configs\":[{\"File\":{\"Name\":\"/etc/../../x\"},\"ConfigID\":\"%s\",\"ConfigName\":\"c\"}]"
                                .formatted(cid))))
                .hasMessageContaining("must not contain '..'");
        assertThat(storedServices()).isEmpty();
    }

    @Test
    void changingASecretReferenceIsASpecChange() {
        String a = secrets.create(secretSpec("pw1", "x"));
        String b = secrets.create(secretSpec("pw2", "y"));
        String sid = services.create(serviceWith("web", "\"Secrets\":[" + secretRef(a, "pw1", "pw") + "]"));
        Service s = services.get(sid, false);
        services.update(
                sid, s.version().value(), serviceWith("web", "\"Secrets\":[" + secretRef(b, "pw2", "pw") + "]"), false);
        Service after = services.get(sid, false);
        assertThat(after.spec().taskTemplate().containerSpec().secrets())
                .singleElement()
                .satisfies(r -> assertThat(r.secretID()).isEqualTo(b));
        assertThat(after.spec().taskTemplate()).isNotEqualTo(s.spec().taskTemplate());
        secrets.remove("pw1");
    }
}
