package io.numshield.binding.system;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * The settings a lease reads of a platform or a pool, kept for {@code config-cache-ttl}
 * (Redis mirrors what must take effect at once, a status or the blocklist), on the
 * service's clock. An entry may carry its own time to live: the warm-up's synthetic
 * platform and pool, which exist nowhere to load them from, stay until forgotten.
 *
 * @param <V> the settings
 */
public final class SettingsCache<V> {

	/**
	 * Far more platforms and pools than a deployment has: a bound, not a working size.
	 */
	private static final int MAXIMUM = 100_000;

	private final Cache<String, Entry<V>> entries;

	private final Duration ttl;

	public SettingsCache(Clock clock, Duration ttl) {
		this.ttl = ttl;
		this.entries = Caffeine.newBuilder()
			.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
			.expireAfter(Expiry.<String, Entry<V>>writing((id, entry) -> entry.ttl()))
			.maximumSize(MAXIMUM)
			.build();
	}

	/** The cached settings of {@code id}, else what {@code load} finds (then cached). */
	public Optional<V> get(String id, Function<String, Optional<V>> load) {
		Entry<V> cached = this.entries.getIfPresent(id);
		if (cached != null) {
			return Optional.of(cached.settings());
		}
		Optional<V> loaded = load.apply(id);
		loaded.ifPresent(settings -> this.entries.put(id, new Entry<>(settings, this.ttl)));
		return loaded;
	}

	/** Keeps settings that no load would find, for {@code ttl}. */
	public void put(String id, V settings, Duration ttl) {
		this.entries.put(id, new Entry<>(settings, ttl));
	}

	/** The next read loads again (a change committed, or a synthetic entry done with). */
	public void forget(String id) {
		this.entries.invalidate(id);
	}

	private record Entry<V>(V settings, Duration ttl) {
	}

}
