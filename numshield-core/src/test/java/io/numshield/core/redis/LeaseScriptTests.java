package io.numshield.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LeaseScriptTests {

	@Test
	void libraryDefinesTheShardBase() throws IOException {
		assertThat(library()).contains("local base = KEYS[1]");
	}

	@ParameterizedTest
	@EnumSource(LeaseScript.class)
	void everyScriptStartsWithTheLibrary(LeaseScript script) throws IOException {
		String source = script.source();

		assertThat(source).isNotBlank().startsWith(library()).contains("local base = KEYS[1]");
		if (source.contains("ARGV")) {
			assertThat(source.indexOf("local base = KEYS[1]")).isLessThan(source.indexOf("ARGV"));
		}
	}

	@ParameterizedTest
	@EnumSource(LeaseScript.class)
	void everyScriptHasItsOwnBodyAfterTheLibrary(LeaseScript script) throws IOException {
		String body = script.source().substring(library().length());
		assertThat(body).isNotBlank();
		assertThat(body.contains("ARGV") || body.contains("base ..")).as("reads its arguments or its shard's keys")
			.isTrue();
	}

	@ParameterizedTest
	@EnumSource(LeaseScript.class)
	void scriptsTouchOnlyTheirShard(LeaseScript script) {
		assertThat(script.source()).doesNotContain("KEYS[2]");
	}

	@ParameterizedTest
	@EnumSource(LeaseScript.class)
	void onlyTheLibraryReadsAPlatformsStatus(LeaseScript script) throws IOException {
		String body = script.source().substring(library().length());
		assertThat(body).as("the platform-status mirror is read through platform_refusal in lib.lua")
			.doesNotContain("base .. 'p'");
	}

	@Test
	void leaseChangeAndRouteAskTheOnePlatformRule() {
		for (LeaseScript script : new LeaseScript[] { LeaseScript.LEASE, LeaseScript.UPDATE, LeaseScript.ROUTE }) {
			assertThat(script.source().split("platform_refusal\\(", -1)).as(script.name()).hasSizeGreaterThan(2);
		}
		assertThat(LeaseScript.RELEASE.source().split("platform_refusal\\(", -1)).as("release is always allowed")
			.hasSize(2);
	}

	@ParameterizedTest
	@EnumSource(value = LeaseScript.class, names = { "LEASE", "RELEASE", "ROUTE" })
	void typedScriptsAnswerAnArrayNotJson(LeaseScript script) throws IOException {
		assertThat(script.source().substring(library().length())).as("read by its ScriptCall type")
			.doesNotContain("cjson");
	}

	@Test
	void aLeaseLooksTheBlockUpOnceAndScansNoCoolDownSetOnItsWay() throws IOException {
		String body = LeaseScript.LEASE.source().substring(library().length());
		assertThat(body.split("block_info\\(", -1)).hasSize(2);
		assertThat(body).doesNotContain("ZRANGEBYSCORE', base .. 'c:'")
			.doesNotContain("ckey")
			.doesNotContain("pool_of");
		assertThat(library()).doesNotContain("pool_of");
	}

	@Test
	void theLookUpByNumberWritesNothingAndOnlyTheFlagOpensAPlatformsList() throws IOException {
		String body = LeaseScript.LOOKUP.source().substring(library().length());
		for (String write : List.of("'HSET'", "'HDEL'", "'SET'", "'DEL'", "'SETBIT'", "'ZADD'", "'XADD'", "'RPUSH'",
				"'HINCRBY'", "'HSETNX'", "'SADD'")) {
			assertThat(body).as(write).doesNotContain(write);
		}
		// the one read of a platform's own list, behind the flag of its mirror value
		assertThat(library().split("'pbl:'", -1)).hasSize(2);
		assertThat(library()).contains("string.sub(entry, -2) == '|B'\n    and redis.call('SISMEMBER', base .. 'pbl:'");
	}

	@Test
	void scriptsAreDistinct() {
		assertThat(Arrays.stream(LeaseScript.values()).map(LeaseScript::source)).doesNotHaveDuplicates()
			.hasSize(LeaseScript.values().length);
	}

	private static String library() throws IOException {
		try (InputStream in = LeaseScript.class.getResourceAsStream("lib.lua")) {
			assertThat(in).as("lib.lua on the classpath").isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
