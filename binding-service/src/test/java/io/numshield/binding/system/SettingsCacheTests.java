package io.numshield.binding.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class SettingsCacheTests {

	private final MovableClock clock = new MovableClock();

	private final SettingsCache<String> cache = new SettingsCache<>(this.clock, Duration.ofSeconds(5));

	private final AtomicInteger loads = new AtomicInteger();

	private Optional<String> load(String id) {
		this.loads.incrementAndGet();
		return id.startsWith("missing") ? Optional.empty() : Optional.of("settings of " + id + " #" + this.loads.get());
	}

	@Test
	void loadsOnceWithinTheTimeToLiveAndAgainAfterIt() {
		assertThat(this.cache.get("p1", this::load)).contains("settings of p1 #1");
		this.clock.advance(Duration.ofSeconds(4));
		assertThat(this.cache.get("p1", this::load)).contains("settings of p1 #1");
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(this.cache.get("p1", this::load)).contains("settings of p1 #2");
		assertThat(this.loads).hasValue(2);
	}

	@Test
	void keepsNothingForWhatIsNotFound() {
		assertThat(this.cache.get("missing", this::load)).isEmpty();
		assertThat(this.cache.get("missing", this::load)).isEmpty();
		assertThat(this.loads).hasValue(2);
	}

	@Test
	void forgetMakesTheNextReadLoad() {
		this.cache.get("p1", this::load);
		this.cache.forget("p1");
		assertThat(this.cache.get("p1", this::load)).contains("settings of p1 #2");
	}

	@Test
	void anEntryPutWithItsOwnTimeToLiveOutlivesTheDefault() {
		this.cache.put("missing-synthetic", "synthetic", Duration.ofMinutes(10));
		this.clock.advance(Duration.ofMinutes(9));
		assertThat(this.cache.get("missing-synthetic", this::load)).contains("synthetic");
		this.clock.advance(Duration.ofMinutes(2));
		assertThat(this.cache.get("missing-synthetic", this::load)).isEmpty();
		assertThat(this.loads).hasValue(1);
	}

	private static final class MovableClock extends Clock {

		private Instant now = Instant.parse("2026-11-30T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
