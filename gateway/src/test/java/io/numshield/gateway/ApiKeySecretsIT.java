package io.numshield.gateway;

import static io.numshield.gateway.EdgeIT.expectProblem;
import static io.numshield.gateway.SignedCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.core.crypto.ApiKeySecretKeyset;
import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.crypto.ProtectionKeys;
import io.numshield.testsupport.TestInfrastructure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * API-key secrets are sealed under the gateway's own keyset, bound to key id and role;
 * the gateway holds no personal-data key; rows of the older scheme are re-encrypted once
 * at start.
 */
class ApiKeySecretsIT extends GatewayITSupport {

	@Autowired
	MeterRegistry meters;

	@Autowired
	ConfigurableApplicationContext context;

	@Test
	void aSecretCopiedToAnotherKeyRowMakesThatKeyUnusable() throws SQLException {
		SignedCalls.Key source = issue("PLATFORM", "plat-copy-from", null);
		SignedCalls.Key target = issue("PLATFORM", "plat-copy-to", null);
		double before = meters.counter("gateway.apikey.undecryptable").count();

		sql("UPDATE api_key SET secret_ciphertext = (SELECT secret_ciphertext FROM api_key WHERE key_id = ?) WHERE key_id = ?",
				source.keyId(), target.keyId());

		expectProblem(gateway().send(call("GET", "/v1/bindings", "orderId=ORD-1", null, target)), 401,
				"UNAUTHENTICATED");
		expectProblem(gateway().send(call("GET", "/v1/bindings", "orderId=ORD-1", null,
				new SignedCalls.Key(target.keyId(), source.secret()))), 401, "UNAUTHENTICATED");
		gateway().send(call("GET", "/v1/bindings", "orderId=ORD-1", null, source)).expect(200);
		assertThat(meters.counter("gateway.apikey.undecryptable").count()).isGreaterThan(before);
	}

	@Test
	void aRoleChangedInTheDatabaseMakesTheKeyUnusable() throws SQLException {
		SignedCalls.Key carrier = issue("CARRIER", null, null);

		sql("UPDATE api_key SET role = 'REGULATOR', pools = NULL WHERE key_id = ?", carrier.keyId());

		expectProblem(gateway().send(call("GET", "/v1/audit/events", "from=2026-01-01T00:00:00Z", null, carrier)), 401,
				"UNAUTHENTICATED");
	}

	@Test
	void storesSecretsUnderItsOwnKeysetAndHoldsNoPersonalDataKey() throws Exception {
		SignedCalls.Key key = issue("CARRIER", null, null);
		String stored = single("SELECT secret_ciphertext FROM api_key WHERE key_id = ?", key.keyId());

		assertThat(stored).startsWith("v2:").doesNotContain(key.secret());
		assertThat(ApiKeySecretKeyset.fromDirectory(TestInfrastructure.get().keysDir())
			.decrypt(stored.substring(3), key.keyId(), "CARRIER")).isEqualTo(key.secret());
		assertThat(context.getBeanProvider(PersonalDataProtector.class).getIfAvailable()).isNull();
		assertThat(context.getBeanProvider(ProtectionKeys.class).getIfAvailable()).isNull();
	}

	@Test
	void startsWithOnlyItsOwnKeysetInTheKeyDirectory(@TempDir Path ownOnly) throws Exception {
		Files.copy(TestInfrastructure.get().keysDir().resolve(ApiKeySecretKeyset.FILE),
				ownOnly.resolve(ApiKeySecretKeyset.FILE));
		SignedCalls.Key platform = issue("PLATFORM", "plat-own-keyset", null);

		try (ConfigurableApplicationContext second = start(TestInfrastructure.get().jdbcUrl(), ownOnly)) {
			other(second).send(call("GET", "/v1/bindings", "orderId=ORD-1", null, platform)).expect(200);
		}
	}

	@Test
	void reencryptsSecretsOfTheOlderSchemeOnceWhenGivenTheOldKeyset(@TempDir Path ownOnly) throws Exception {
		TestInfrastructure infra = TestInfrastructure.get();
		Files.copy(infra.keysDir().resolve(ApiKeySecretKeyset.FILE), ownOnly.resolve(ApiKeySecretKeyset.FILE));
		String url = freshDatabase("_oldkeys");
		Flyway.configure()
			.dataSource(url, infra.user(), infra.password())
			.locations("classpath:db/gateway")
			.load()
			.migrate();
		String legacySecret = "legacy-operator-secret-0123456789";
		String legacyCiphertext = new PersonalDataProtector(ProtectionKeys.fromDirectory(infra.keysDir()))
			.encryptSecret(legacySecret);
		try (Connection c = DriverManager.getConnection(url, infra.user(), infra.password());
				PreparedStatement insert = c.prepareStatement("INSERT INTO api_key (key_id, role, description, "
						+ "secret_ciphertext, created_at, status) VALUES ('ok_legacy', 'OPERATOR', 'old', ?, now(), 'ACTIVE')")) {
			insert.setString(1, legacyCiphertext);
			insert.executeUpdate();
		}

		assertThatThrownBy(() -> start(url, ownOnly).close()).hasStackTraceContaining("NUMSHIELD_KEYS_AEAD_KEYSET")
			.hasStackTraceContaining("recreate the gateway database");

		try (ConfigurableApplicationContext upgraded = start(url, infra.keysDir())) {
			other(upgraded)
				.send(call("GET", "/v1/api-keys", null, null, new SignedCalls.Key("ok_legacy", legacySecret)))
				.expect(200);
		}
		try (Connection c = DriverManager.getConnection(url, infra.user(), infra.password());
				Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT secret_ciphertext FROM api_key WHERE key_id = 'ok_legacy'")) {
			rs.next();
			assertThat(rs.getString(1)).startsWith("v2:");
		}
		try (ConfigurableApplicationContext afterwards = start(url, ownOnly)) {
			other(afterwards)
				.send(call("GET", "/v1/api-keys", null, null, new SignedCalls.Key("ok_legacy", legacySecret)))
				.expect(200);
		}
	}

	private static ConfigurableApplicationContext start(String jdbcUrl, Path keysDir) {
		TestInfrastructure infra = TestInfrastructure.get();
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.datasource.url=" + jdbcUrl,
				"--spring.datasource.username=" + infra.user(), "--spring.datasource.password=" + infra.password(),
				"--numshield.redis.url=" + infra.redisUrl(), "--numshield.redis.key-prefix=" + infra.keyPrefix(),
				"--numshield.keys.dir=" + keysDir, "--numshield.token.signing-key=" + infra.tokenSigningKey(),
				"--management.server.port=0", "--numshield.gateway.bootstrap-operator-key=",
				"--numshield.gateway.services.binding=" + UPSTREAM.url()));
		return new SpringApplicationBuilder(GatewayApplication.class).run(args.toArray(String[]::new));
	}

	private static SignedCalls other(ConfigurableApplicationContext context) {
		return new SignedCalls("http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort());
	}

	private static String freshDatabase(String suffix) throws SQLException {
		TestInfrastructure infra = TestInfrastructure.get();
		String name = infra.databaseName() + suffix;
		String admin = infra.jdbcUrl().replace("/" + infra.databaseName(), "/postgres");
		try (Connection c = DriverManager.getConnection(admin, infra.user(), infra.password());
				Statement s = c.createStatement()) {
			s.execute("CREATE DATABASE " + name);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try (Connection c = DriverManager.getConnection(admin, infra.user(), infra.password());
					Statement s = c.createStatement()) {
				s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
			}
			catch (SQLException ignored) {
				// named after its run: harmless if left
			}
		}));
		return infra.jdbcUrl().replace("/" + infra.databaseName(), "/" + name);
	}

	private static void sql(String statement, String... params) throws SQLException {
		try (Connection c = TestInfrastructure.get().connect(); PreparedStatement p = c.prepareStatement(statement)) {
			for (int i = 0; i < params.length; i++) {
				p.setString(i + 1, params[i]);
			}
			assertThat(p.executeUpdate()).isEqualTo(1);
		}
	}

	private static String single(String query, String param) throws SQLException {
		try (Connection c = TestInfrastructure.get().connect(); PreparedStatement p = c.prepareStatement(query)) {
			p.setString(1, param);
			try (ResultSet rs = p.executeQuery()) {
				rs.next();
				return rs.getString(1);
			}
		}
	}

}
