package io.numshield.core.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackTargetPolicyTests {

	/** A resolver of fixed answers and IP literals; other names do not resolve. */
	private static CallbackTargetPolicy.Resolver dns(Map<String, String> answers) {
		return host -> {
			String address = answers.get(host);
			if (address == null && (host.matches("[0-9.]+") || host.contains(":"))) {
				address = host;
			}
			if (address == null) {
				throw new UnknownHostException(host);
			}
			return new InetAddress[] { InetAddress.getByName(address) };
		};
	}

	private static InetAddress[] literal(String host) throws UnknownHostException {
		return new InetAddress[] { InetAddress.getByName(host) };
	}

	private final CallbackTargetPolicy policy = new CallbackTargetPolicy(List.of(), CallbackTargetPolicyTests::literal);

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "127.1.2.3", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",
			"169.254.169.254", "169.254.0.1", "100.64.0.1", "100.100.100.200", "100.127.255.255", "0.0.0.0",
			"224.0.0.1", "239.255.255.250", "255.255.255.255", "240.0.0.1", "[::1]", "[::]", "[fc00::1]",
			"[fd12:3456::1]", "[fe80::1]", "[febf::1]", "[fec0::1]", "[ff02::1]", "[::ffff:127.0.0.1]",
			"[::ffff:10.1.2.3]", "[::127.0.0.1]", "[64:ff9b::a9fe:a9fe]", "[2002:c0a8:0101::1]", "[fd00:ec2::254]" })
	void refusesInsideAddresses(String host) {
		assertThatThrownBy(() -> policy.check("https://" + host + "/callbacks"))
			.isInstanceOf(ForbiddenCallbackTarget.class)
			.hasMessageContaining("address");
		assertThatThrownBy(() -> policy.resolvePermitted(host)).isInstanceOf(ForbiddenCallbackTarget.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "8.8.8.8", "1.1.1.1", "172.32.0.1", "172.15.255.255", "192.169.0.1", "100.63.255.255",
			"100.128.0.1", "169.253.0.1", "223.255.255.255", "[2001:4860:4860::8888]", "[2400:3200::1]" })
	void acceptsPublicAddresses(String host) throws Exception {
		assertThatCode(() -> policy.check("https://" + host + "/callbacks")).doesNotThrowAnyException();
		assertThat(policy.resolvePermitted(host)).hasSize(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://metadata.google.internal/computeMetadata/v1/",
			"http://METADATA.google.internal./x", "http://metadata/", "http://localhost:8080/cb",
			"http://api.localhost/cb", "http://instance-data/latest" })
	void refusesMetadataAndLocalHostNamesWithoutResolvingThem(String url) {
		CallbackTargetPolicy unresolving = new CallbackTargetPolicy(List.of(), dns(Map.of()));

		assertThatThrownBy(() -> unresolving.check(url)).isInstanceOf(ForbiddenCallbackTarget.class)
			.hasMessageContaining("host name");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ftp://example.com/x", "file:///etc/passwd", "gopher://8.8.8.8/", "javascript:alert(1)",
			"http:///nohost", "not a url" })
	void refusesOtherSchemesAndUrlsWithoutAHost(String url) {
		assertThatThrownBy(() -> policy.check(url)).isInstanceOf(ForbiddenCallbackTarget.class);
	}

	@Test
	void checksEveryAddressANameResolvesTo() {
		CallbackTargetPolicy twoAnswers = new CallbackTargetPolicy(List.of(),
				host -> new InetAddress[] { InetAddress.getByName("8.8.8.8"), InetAddress.getByName("10.0.0.7") });

		assertThatThrownBy(() -> twoAnswers.check("https://platform.example/cb"))
			.isInstanceOf(ForbiddenCallbackTarget.class)
			.hasMessageContaining("10.0.0.7")
			.hasMessageContaining("private");
	}

	@Test
	void aNameThatResolvesPubliclyAtRegistrationAndInsideAtDeliveryIsRefusedAtDelivery() throws Exception {
		Deque<String> answers = new ArrayDeque<>(List.of("93.184.216.34", "169.254.169.254"));
		CallbackTargetPolicy rebinding = new CallbackTargetPolicy(List.of(),
				host -> new InetAddress[] { InetAddress.getByName(answers.pop()) });

		rebinding.check("https://rebind.example/cb");

		assertThatThrownBy(() -> rebinding.resolvePermitted("rebind.example"))
			.isInstanceOf(ForbiddenCallbackTarget.class)
			.hasMessageContaining("169.254.169.254");
	}

	@Test
	void aNameThatDoesNotResolveYetPassesRegistrationButNotDelivery() {
		CallbackTargetPolicy unresolving = new CallbackTargetPolicy(List.of(), dns(Map.of()));

		assertThatCode(() -> unresolving.check("https://platform.example/callbacks")).doesNotThrowAnyException();
		assertThatThrownBy(() -> unresolving.resolvePermitted("platform.example"))
			.isInstanceOf(UnknownHostException.class)
			.isNotInstanceOf(ForbiddenCallbackTarget.class);
	}

	@Test
	void theAllowListNamesHostsHostPortsAndUrlPrefixes() throws Exception {
		CallbackTargetPolicy allowing = new CallbackTargetPolicy(
				List.of("127.0.0.1", "receiver.internal:9000", "http://10.0.0.5:8080/hooks", " ", "[::1]:7000"),
				dns(Map.of("receiver.internal", "10.1.1.1")));

		allowing.check("http://127.0.0.1:45678/callbacks");
		allowing.check("http://receiver.internal:9000/cb");
		allowing.check("http://10.0.0.5:8080/hooks");
		allowing.check("http://10.0.0.5:8080/hooks/platform-1?x=1");
		allowing.check("http://[::1]:7000/cb");
		assertThat(allowing.allowListed("http://RECEIVER.internal:9000/")).isTrue();
		for (String refused : List.of("http://127.0.0.2:45678/callbacks", "http://receiver.internal:9001/cb",
				"http://10.0.0.5:8080/hooksX", "https://10.0.0.5:8080/hooks", "http://10.0.0.5:8081/hooks",
				"http://10.0.0.5:8080/other", "http://[::1]:7001/cb")) {
			assertThatThrownBy(() -> allowing.check(refused)).as(refused).isInstanceOf(ForbiddenCallbackTarget.class);
			assertThat(allowing.allowListed(refused)).as(refused).isFalse();
		}
	}

	@Test
	void theAllowListDoesNotAllowOtherSchemes() {
		CallbackTargetPolicy allowing = new CallbackTargetPolicy(List.of("127.0.0.1"),
				CallbackTargetPolicyTests::literal);

		assertThatThrownBy(() -> allowing.check("ftp://127.0.0.1/x")).isInstanceOf(ForbiddenCallbackTarget.class);
	}

}
