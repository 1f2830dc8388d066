package io.numshield.core.crypto;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Command line: {@code generate DIR} writes fresh keys into DIR unless keys are there already;
 * {@code rotate DIR} adds a new primary AEAD key, keeping the old ones for decryption.
 */
public final class KeyTool {

	private KeyTool() {
	}

	public static void main(String[] args) {
		if (args.length != 2 || !(args[0].equals("generate") || args[0].equals("rotate"))) {
			System.err.println("usage: KeyTool generate|rotate DIR");
			System.exit(2);
		}
		Path dir = Path.of(args[1]);
		if (args[0].equals("generate")) {
			if (Files.exists(dir.resolve(ProtectionKeys.AEAD_KEYSET_FILE))) {
				System.out.println("keys already in " + dir + ": left as they are");
				return;
			}
			ProtectionKeys.generate().writeTo(dir);
			System.out.println("generated protection keys in " + dir);
		}
		else {
			ProtectionKeys rotated = ProtectionKeys.fromDirectory(dir).rotate();
			rotated.writeTo(dir);
			System.out.println("rotated: " + rotated.aeadKeyCount() + " AEAD keys in " + dir + ", the newest is primary");
		}
	}
}
