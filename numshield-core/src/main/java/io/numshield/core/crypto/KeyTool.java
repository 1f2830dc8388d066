package io.numshield.core.crypto;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command line for key directories. Every file it writes is readable by its owner only
 * (0600), and a directory it creates is 0700.
 * <ul>
 * <li>{@code generate DIR}: writes every key file DIR lacks and leaves the others as they
 * are (tightening their permissions to 0600): a new DIR gets all of them, a DIR made by
 * an older version gets the files added since
 * ({@value ProtectionKeys#IDEMPOTENCY_KEY_FILE}, {@value ApiKeySecretKeyset#FILE});</li>
 * <li>{@code rotate DIR}: adds a new primary personal-data AEAD key, keeping the old ones
 * for decryption;</li>
 * <li>{@code rotate-api-key-secrets DIR}: the same for the gateway's API-key secrets
 * keyset.</li>
 * </ul>
 */
public final class KeyTool {

	private KeyTool() {
	}

	public static void main(String[] args) {
		if (args.length != 2 || !List.of("generate", "rotate", "rotate-api-key-secrets").contains(args[0])) {
			System.err.println("usage: KeyTool generate|rotate|rotate-api-key-secrets DIR");
			System.exit(2);
		}
		Path dir = Path.of(args[1]);
		switch (args[0]) {
			case "generate" -> {
				List<String> added = generate(dir);
				System.out.println(added.isEmpty() ? "keys already in " + dir + ": left as they are"
						: "generated " + String.join(", ", added) + " in " + dir);
			}
			case "rotate" -> {
				ProtectionKeys rotated = ProtectionKeys.fromDirectory(dir).rotate();
				rotated.writeTo(dir);
				System.out
					.println("rotated: " + rotated.aeadKeyCount() + " AEAD keys in " + dir + ", the newest is primary");
			}
			default -> {
				ApiKeySecretKeyset rotated = ApiKeySecretKeyset.fromDirectory(dir).rotate();
				rotated.writeTo(dir);
				System.out.println("rotated: " + rotated.keyCount() + " API-key secret keys in " + dir
						+ ", the newest is primary");
			}
		}
	}

	/**
	 * Writes the key files {@code dir} lacks; answers their names (empty: nothing was
	 * missing).
	 */
	static List<String> generate(Path dir) {
		List<String> added = new ArrayList<>();
		Path aead = dir.resolve(ProtectionKeys.AEAD_KEYSET_FILE);
		Path blind = dir.resolve(ProtectionKeys.BLIND_INDEX_KEY_FILE);
		if (!Files.exists(aead)) {
			if (Files.exists(blind)) {
				throw new IllegalStateException(dir + " holds " + ProtectionKeys.BLIND_INDEX_KEY_FILE + " but no "
						+ ProtectionKeys.AEAD_KEYSET_FILE + ": restore it rather than making a new one");
			}
			ProtectionKeys.generate().writeTo(dir);
			added.addAll(List.of(ProtectionKeys.AEAD_KEYSET_FILE, ProtectionKeys.BLIND_INDEX_KEY_FILE,
					ProtectionKeys.IDEMPOTENCY_KEY_FILE));
		}
		else {
			ProtectionKeys existing = ProtectionKeys.fromDirectory(dir);
			if (!existing.hasIdempotencyKey()) {
				existing.withMissingKeys().writeTo(dir);
				added.add(ProtectionKeys.IDEMPOTENCY_KEY_FILE);
			}
		}
		if (!Files.exists(dir.resolve(ApiKeySecretKeyset.FILE))) {
			ApiKeySecretKeyset.generate().writeTo(dir);
			added.add(ApiKeySecretKeyset.FILE);
		}
		for (String file : List.of(ProtectionKeys.AEAD_KEYSET_FILE, ProtectionKeys.BLIND_INDEX_KEY_FILE,
				ProtectionKeys.IDEMPOTENCY_KEY_FILE, ApiKeySecretKeyset.FILE)) {
			KeyFiles.restrict(dir.resolve(file));
		}
		return added;
	}

}
