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

	private static final String COLUMNS = "key_id, role, platform_id, pools, description, rate_per_second, created_at, revoked_at, "
			+ "status, issued_by, pending_until, approved_by, approved_at";

	private final JdbcClient jdbc;

	ApiKeyRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Inserts; false when the key id exists already. */
	boolean insert(ApiKey key, String secretCiphertext) {
		return jdbc
			.sql("""
					INSERT INTO api_key (key_id, role, platform_id, pools, description, secret_ciphertext, rate_per_second, created_at,
					                     status, issued_by, pending_until)
					VALUES (:keyId, :role, :platformId, :pools, :description, :secret, :rate, :createdAt, :status, :issuedBy, :pendingUntil)
					ON CONFLICT (key_id) DO NOTHING""")
			.param("keyId", key.keyId())
			.param("role", key.role().name())
			.param("platformId", key.platformId())
			.param("pools", key.pools().isEmpty() ? null : String.join(",", key.pools()))
			.param("description", key.description())
			.param("secret", secretCiphertext)
			.param("rate", key.ratePerSecond())
			.param("createdAt", Timestamp.from(key.createdAt()))
			.param("status", key.stored().name())
			.param("issuedBy", key.issuedBy())
			.param("pendingUntil", key.pendingUntil() == null ? null : Timestamp.from(key.pendingUntil()))
			.update() == 1;
	}

	List<ApiKey> findAll() {
		return jdbc.sql("SELECT " + COLUMNS + " FROM api_key ORDER BY created_at, key_id")
			.query(ApiKeyRepository::key)
			.list();
	}

	Optional<ApiKey> find(String keyId) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM api_key WHERE key_id = :keyId")
			.param("keyId", keyId)
			.query(ApiKeyRepository::key)
			.optional();
	}

	/**
	 * The key and its secret's ciphertext, if it is usable: ACTIVE (not pending, not
	 * revoked).
	 */
	Optional<StoredKey> findActive(String keyId) {
		return jdbc
			.sql("SELECT " + COLUMNS + ", secret_ciphertext FROM api_key WHERE key_id = :keyId AND status = 'ACTIVE'")
			.param("keyId", keyId)
			.query((rs, n) -> new StoredKey(key(rs, n), rs.getString("secret_ciphertext")))
			.optional();
	}

	/**
	 * Makes a pending key ACTIVE, in one statement that checks everything again: still
	 * pending, not past its window, and the approver neither its issuer nor the key
	 * itself. False if any fails.
	 */
	boolean approve(String keyId, String approver, Instant at) {
		return jdbc.sql("""
				UPDATE api_key SET status = 'ACTIVE', approved_by = :approver, approved_at = :at
				WHERE key_id = :keyId AND status = 'PENDING_APPROVAL' AND pending_until > :at
				  AND key_id <> :approver AND issued_by IS DISTINCT FROM :approver""")
			.param("keyId", keyId)
			.param("approver", approver)
			.param("at", Timestamp.from(at))
			.update() == 1;
	}

	/** Revokes; false when the key was revoked before (or does not exist). */
	boolean revoke(String keyId, Instant at) {
		return jdbc.sql(
				"UPDATE api_key SET status = 'REVOKED', revoked_at = :at WHERE key_id = :keyId AND status <> 'REVOKED'")
			.param("keyId", keyId)
			.param("at", Timestamp.from(at))
			.update() == 1;
	}

	/**
	 * Rows whose secret is not sealed with the given scheme prefix (revoked ones too).
	 */
	List<LegacySecret> findNotSealedWith(String scheme) {
		return jdbc.sql(
				"SELECT key_id, role, secret_ciphertext FROM api_key WHERE secret_ciphertext NOT LIKE :prefix ORDER BY key_id")
			.param("prefix", scheme + "%")
			.query((rs, n) -> new LegacySecret(rs.getString("key_id"), Role.valueOf(rs.getString("role")),
					rs.getString("secret_ciphertext")))
			.list();
	}

	/**
	 * Replaces a secret's ciphertext if it is still the one read; false when another
	 * instance did it first.
	 */
	boolean replaceSecret(String keyId, String expected, String replacement) {
		return jdbc.sql(
				"UPDATE api_key SET secret_ciphertext = :replacement WHERE key_id = :keyId AND secret_ciphertext = :expected")
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
		Integer rate = rs.getObject("rate_per_second", Integer.class);
		String pools = rs.getString("pools");
		return new ApiKey(rs.getString("key_id"), Role.valueOf(rs.getString("role")), rs.getString("platform_id"),
				pools == null ? List.of() : List.of(pools.split(",")), rs.getString("description"), rate,
				rs.getTimestamp("created_at").toInstant(), instant(rs, "revoked_at"),
				ApiKey.Status.valueOf(rs.getString("status")), rs.getString("issued_by"), instant(rs, "pending_until"),
				rs.getString("approved_by"), instant(rs, "approved_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return value == null ? null : value.toInstant();
	}

}
