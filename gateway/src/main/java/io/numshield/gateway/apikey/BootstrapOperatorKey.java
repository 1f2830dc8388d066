package io.numshield.gateway.apikey;

import io.numshield.core.id.ApiKeyId;
import io.numshield.core.token.Role;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Stores the first operator key from
 * {@code NUMSHIELD_BOOTSTRAP_OPERATOR_KEY=<keyId>:<secret>} when no key of that id
 * exists, ACTIVE without approval: the separate bootstrap. The variable may name a second
 * key after a comma ({@code <keyId>:<secret>,<keyId>:<secret>}), so that a fresh
 * deployment has the two operators that OPERATOR and REGULATOR keys need. A key of that
 * id revoked before stays revoked: restarting with the same variable does not bring it
 * back.
 */
@Component
class BootstrapOperatorKey implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(BootstrapOperatorKey.class);

	private final ApiKeys keys;

	private final ApiKeyProperties properties;

	BootstrapOperatorKey(ApiKeys keys, ApiKeyProperties properties) {
		this.keys = keys;
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) {
		String given = properties.bootstrapOperatorKey();
		if (given == null || given.isBlank()) {
			return;
		}
		for (String one : given.split(",")) {
			register(one.trim());
		}
	}

	private void register(String given) {
		int colon = given.indexOf(':');
		if (colon <= 0 || colon == given.length() - 1 || !ApiKeyId.isValid(given.substring(0, colon))
				|| given.length() - colon - 1 < 16) {
			throw new IllegalStateException("NUMSHIELD_BOOTSTRAP_OPERATOR_KEY must be <keyId>:<secret>, or two such "
					+ "comma-separated (key id of [A-Za-z0-9_.-], secret of at least 16 characters)");
		}
		String keyId = given.substring(0, colon);
		if (keys.register(keyId, given.substring(colon + 1), Role.OPERATOR, "bootstrap operator key")) {
			log.info("bootstrap operator key {} stored", keyId);
		}
	}

}
