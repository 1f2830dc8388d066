package io.numshield.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletionException;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;

class FailoverTests {

	@Test
	void aConnectionNeverOpenedIsRefusedHoweverItIsWrapped() {
		assertThat(Failover.kind(new ConnectException("Connection refused"))).isEqualTo(Failover.Kind.REFUSED);
		assertThat(Failover.kind(new CompletionException(new HttpHostConnectException("Connection refused"))))
			.isEqualTo(Failover.Kind.REFUSED);
		assertThat(Failover.kind(new UncheckedIOException(new ConnectTimeoutException("connect timed out"))))
			.isEqualTo(Failover.Kind.REFUSED);
	}

	@Test
	void aConnectionBrokenBeforeTheAnswerIsLostAndAnAnswerTooLateTimedOut() {
		assertThat(Failover.kind(new SocketException("Connection reset"))).isEqualTo(Failover.Kind.LOST);
		assertThat(Failover.kind(new NoHttpResponseException("no response"))).isEqualTo(Failover.Kind.LOST);
		assertThat(Failover.kind(new UncheckedIOException(new SocketTimeoutException("Read timed out"))))
			.isEqualTo(Failover.Kind.TIMED_OUT);
	}

	@Test
	void aRequestThatCannotHaveReachedTheServiceGoesToTheNextInstanceWhateverItsMethod() {
		for (String method : new String[] { "GET", "POST", "PATCH", "DELETE", "PUT" }) {
			assertThat(Failover.mayRetry(Failover.Kind.REFUSED, method, false)).as(method).isTrue();
		}
	}

	@Test
	void afterALostConnectionOnlyWhatCanBeRepeatedSafelyGoesOn() {
		assertThat(Failover.mayRetry(Failover.Kind.LOST, "GET", false)).isTrue();
		assertThat(Failover.mayRetry(Failover.Kind.LOST, "head", false)).isTrue();
		assertThat(Failover.mayRetry(Failover.Kind.LOST, "POST", true)).isTrue();
		assertThat(Failover.mayRetry(Failover.Kind.LOST, "POST", false)).isFalse();
		assertThat(Failover.mayRetry(Failover.Kind.LOST, "PATCH", true)).isFalse();
		assertThat(Failover.mayRetry(Failover.Kind.LOST, "DELETE", false)).isFalse();
	}

	@Test
	void anAnswerTooLateIsNeverRepeated() {
		assertThat(Failover.mayRetry(Failover.Kind.TIMED_OUT, "GET", false)).isFalse();
		assertThat(Failover.mayRetry(Failover.Kind.TIMED_OUT, "POST", true)).isFalse();
	}

	@Test
	void onlyInputOutputFailuresAreRetriedAtAll() {
		assertThat(Failover.io(new CompletionException(new ConnectException("refused")))).isTrue();
		assertThat(Failover.io(new IllegalStateException("a bug"))).isFalse();
	}

}
