package io.numshield.binding.platform;

import io.numshield.core.callback.CallbackKind;
import io.numshield.core.callback.PlatformCallbacks;
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
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

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

	/** Comma-joined {@link CallbackKind} names; null: every kind. */
	@Column(name = "callback_events")
	private @Nullable String callbackEvents;

	@Column(name = "callback_batch_size")
	private int callbackBatchSize = 1;

	@Column(name = "callback_batch_window_ms")
	private int callbackBatchWindowMs = PlatformCallbacks.DEFAULT_BATCH_WINDOW_MS;

	/** The pilot's industrial identifier (ADR 0028); null: none. */
	@Column(name = "industrial_id")
	private @Nullable String industrialId;

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

	/**
	 * Sets which callbacks the platform wants and how they are batched; {@code events}
	 * null leaves every kind on, also those added later.
	 */
	void configureCallbacks(@Nullable Set<CallbackKind> events, int batchSize, int batchWindowMs, Instant now) {
		new PlatformCallbacks(events == null ? Set.of() : events, batchSize, batchWindowMs); // checks
		this.callbackEvents = events == null ? null
				: events.stream().sorted().map(CallbackKind::name).collect(Collectors.joining(","));
		this.callbackBatchSize = batchSize;
		this.callbackBatchWindowMs = batchWindowMs;
		this.updatedAt = now;
	}

	/** Whether the platform wants every kind, also those added later. */
	boolean everyCallbackKind() {
		return callbackEvents == null;
	}

	/** The callbacks the platform chose. */
	PlatformCallbacks callbacks() {
		Set<CallbackKind> events = EnumSet.allOf(CallbackKind.class);
		if (callbackEvents != null) {
			events = EnumSet.noneOf(CallbackKind.class);
			for (String kind : Arrays.asList(callbackEvents.split(","))) {
				if (!kind.isEmpty()) {
					events.add(CallbackKind.valueOf(kind));
				}
			}
		}
		return new PlatformCallbacks(events, callbackBatchSize, callbackBatchWindowMs);
	}

	/**
	 * What the scripts are told: {@link #callbacks}, or none at all when there is no
	 * {@code callbackUrl} to deliver to (nothing is queued for nobody).
	 */
	PlatformCallbacks mirroredCallbacks() {
		return callbackUrl == null ? callbacks().withoutTarget() : callbacks();
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

	@Nullable String industrialId() {
		return industrialId;
	}

	/** Sets the industrial identifier new leases take unless they name their own. */
	void identifyIndustrially(String industrialId, Instant now) {
		this.industrialId = new io.numshield.core.id.IndustrialId(industrialId).value();
		this.updatedAt = now;
	}

	List<String> pools() {
		return List.copyOf(pools);
	}

}
