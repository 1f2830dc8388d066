package io.numshield.binding.platform;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A business user that leases numbers. Status moves only through {@link #suspend},
 * {@link #resume}, {@link #revoke}.
 */
@Entity
@Table(name = "platform")
class Platform {

	@Id
	@Column(name = "platform_id")
	private String platformId;

	private String name;

	@Column(name = "max_active_bindings")
	private Long maxActiveBindings;

	@Column(name = "callback_url")
	private String callbackUrl;

	@Column(name = "callback_secret")
	private String callbackSecret;

	@Enumerated(EnumType.STRING)
	private PlatformStatus status;

	@Column(name = "status_reason")
	private String statusReason;

	@Column(name = "created_at")
	private Instant createdAt;

	@Column(name = "updated_at")
	private Instant updatedAt;

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "platform_pool", joinColumns = @JoinColumn(name = "platform_id"))
	@OrderColumn(name = "position")
	@Column(name = "pool_id")
	private List<String> pools = new ArrayList<>();

	protected Platform() {
	}

	Platform(String platformId, String name, List<String> pools, Long maxActiveBindings, String callbackUrl,
			String encryptedCallbackSecret, Instant now) {
		this.platformId = platformId;
		this.name = name;
		this.pools = new ArrayList<>(pools);
		this.maxActiveBindings = maxActiveBindings;
		this.callbackUrl = callbackUrl;
		this.callbackSecret = encryptedCallbackSecret;
		this.status = PlatformStatus.ACTIVE;
		this.createdAt = now;
		this.updatedAt = now;
	}

	void suspend(String reason, Instant now) {
		requireNotRevoked();
		move(PlatformStatus.SUSPENDED, reason, now);
	}

	void resume(Instant now) {
		requireNotRevoked();
		move(PlatformStatus.ACTIVE, null, now);
	}

	void revoke(String reason, Instant now) {
		move(PlatformStatus.REVOKED, reason, now);
	}

	private void requireNotRevoked() {
		if (status == PlatformStatus.REVOKED) {
			throw new PlatformRevoked();
		}
	}

	private void move(PlatformStatus next, String reason, Instant now) {
		this.status = next;
		this.statusReason = reason;
		this.updatedAt = now;
	}

	String platformId() {
		return platformId;
	}

	String name() {
		return name;
	}

	Long maxActiveBindings() {
		return maxActiveBindings;
	}

	String callbackUrl() {
		return callbackUrl;
	}

	String callbackSecret() {
		return callbackSecret;
	}

	PlatformStatus status() {
		return status;
	}

	String statusReason() {
		return statusReason;
	}

	Instant createdAt() {
		return createdAt;
	}

	Instant updatedAt() {
		return updatedAt;
	}

	List<String> pools() {
		return List.copyOf(pools);
	}

}
