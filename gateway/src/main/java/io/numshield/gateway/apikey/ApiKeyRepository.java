package io.numshield.gateway.apikey;

import io.numshield.core.token.Role;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code api_key} table. */
@Repository
class ApiKeyRepository {

	private static final String COLUMNS = "key_id, role, platform_id, pools, description, rate_per_second, created_at, revoked_at";

	private final JdbcClient jdbc;

	ApiKeyRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Inserts; false when the key id exists already. */
	boolean insert(ApiKey key, String secretCiphertext) {
		return jdbc.sql("""
				INSERT INTO api_key (key_id, role, platform_id, pools, description, secret_ciphertext, rate_per_second, created_at)
				VALUES (:keyId, :role, :platformId, :pools, :description, :secret, :rate, :createdAt)
				ON CONFLICT (key_id) DO NOTHING""")
			.param("keyId", key.keyId())
			.param("role", key.role().name())
			.param("platformId", key.platformId())
			.param("pools", key.pools().isEmpty() ? null : String.join(",", key.pools()))
			.param("description", key.description())
			.param("secret", secretCiphertext)
			.param("rate", key.ratePerSecond())
			.param("createdAt", Timestamp.from(key.createdAt()))
			.update() == 1;
	}

	List<ApiKey> findAll() {
		return jdbc.sql("SELECT " + COLUMNS + " FROM api_key ORDER BY created_at, key_id").query(ApiKeyRepository::key).list();
	}

	/** The key and its secret's ciphertext, if it exists and is not revoked. */
	Optional<StoredKey> findActive(String keyId) {
		return jdbc.sql("SELECT " + COLUMNS + ", secret_ciphertext FROM api_key WHERE key_id = :keyId AND revoked_at IS NULL")
			.param("keyId", keyId)
			.query((rs, n) -> new StoredKey(key(rs, n), rs.getString("secret_ciphertext")))
			.optional();
	}

	boolean exists(String keyId) {
		return jdbc.sql("SELECT count(*) FROM api_key WHERE key_id = :keyId").param("keyId", keyId).query(Long.class).single() > 0;
	}

	void revoke(String keyId, Instant at) {
		jdbc.sql("UPDATE api_key SET revoked_at = :at WHERE key_id = :keyId AND revoked_at IS NULL")
			.param("keyId", keyId)
			.param("at", Timestamp.from(at))
			.update();
	}

	/** Rows whose secret is not sealed with the given scheme prefix (revoked ones too). */
	List<LegacySecret> findNotSealedWith(String scheme) {
		return jdbc.sql("SELECT key_id, role, secret_ciphertext FROM api_key WHERE secret_ciphertext NOT LIKE :prefix ORDER BY key_id")
			.param("prefix", scheme + "%")
			.query((rs, n) -> new LegacySecret(rs.getString("key_id"), Role.valueOf(rs.getString("role")),
					rs.getString("secret_ciphertext")))
			.list();
	}

	/** Replaces a secret's ciphertext if it is still the one read; false when another instance did it first. */
	boolean replaceSecret(String keyId, String expected, String replacement) {
		return jdbc.sql("UPDATE api_key SET secret_ciphertext = :replacement WHERE key_id = :keyId AND secret_ciphertext = :expected")
			.param("keyId", keyId)
			.param("expected", expected)
			.param("replacement", replacement)
			.update() == 1;
	}

	record StoredKey(ApiKey key, String secretCiphertext) {
	}

	record LegacySecret(String keyId, Role role, String ciphertext) {
	}

	private static ApiKey key(ResultSet rs, int row) throws SQLException {
		Timestamp revoked = rs.getTimestamp("revoked_at");
		Integer rate = rs.getObject("rate_per_second", Integer.class);
		String pools = rs.getString("pools");
		return new ApiKey(rs.getString("key_id"), Role.valueOf(rs.getString("role")), rs.getString("platform_id"),
				pools == null ? List.of() : List.of(pools.split(",")), rs.getString("description"), rate, rs.getTimestamp("created_at").toInstant(),
				revoked == null ? null : revoked.toInstant());
	}
}
