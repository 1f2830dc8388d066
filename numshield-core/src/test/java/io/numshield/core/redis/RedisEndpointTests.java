package io.numshield.core.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class RedisEndpointTests {

	@Test
	void takesCredentialsOutOfTheUrl() {
		RedisEndpoint endpoint = RedisEndpoint.parse("redis://numshield:p%40ss+word@10.0.0.5:6380", null, null);
		assertThat(endpoint.nodes()).containsExactly("redis://10.0.0.5:6380");
		assertThat(endpoint.username()).isEqualTo("numshield");
		assertThat(endpoint.password()).isEqualTo("p@ss+word");
		assertThat(endpoint.tls()).isFalse();
		assertThat(endpoint.toString()).doesNotContain("p@ss");
	}

	@Test
	void aPasswordAloneIsTheDefaultUsers() {
		RedisEndpoint endpoint = RedisEndpoint.parse("redis://:secret@127.0.0.1:6379", null, null);
		assertThat(endpoint.username()).isNull();
		assertThat(endpoint.password()).isEqualTo("secret");
		assertThat(RedisEndpoint.parse("redis://127.0.0.1:6379", "", "").password()).isNull();
	}

	@Test
	void settingsWinOverTheUrl() {
		RedisEndpoint endpoint = RedisEndpoint.parse("redis://u:p@127.0.0.1:6379", "other", "better");
		assertThat(endpoint.username()).isEqualTo("other");
		assertThat(endpoint.password()).isEqualTo("better");
	}

	@Test
	void readsTlsAndClusters() {
		RedisEndpoint endpoint = RedisEndpoint.parse("rediss://u:p@a.example:7000, rediss://b.example:7001", null,
				null);
		assertThat(endpoint.nodes()).isEqualTo(List.of("rediss://a.example:7000", "rediss://b.example:7001"));
		assertThat(endpoint.tls()).isTrue();
		assertThat(endpoint.password()).isEqualTo("p");
	}

	@Test
	void refusesWhatItCannotConnectTo() {
		assertThatThrownBy(() -> RedisEndpoint.parse("redis://a:1,rediss://b:2", null, null))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> RedisEndpoint.parse("http://a:1", null, null))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> RedisEndpoint.parse("redis://a", null, null))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
