package io.numshield.core.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * Writes key files readable by their owner only: each file is made with mode 0600 under a
 * temporary name and moved into place (a reader never sees half a key, a rotation
 * replaces it in one step); a directory this class creates gets 0700. On a file system
 * without POSIX permissions the files are written without them.
 */
final class KeyFiles {

	static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

	static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");

	private KeyFiles() {
	}

	static void write(Path directory, String name, String content) {
		try {
			createDirectory(directory);
			Path target = directory.resolve(name);
			Path temp = directory.resolve("." + name + "." + UUID.randomUUID() + ".tmp");
			if (posix(directory)) {
				Files.createFile(temp, PosixFilePermissions.asFileAttribute(FILE_MODE));
			}
			else {
				Files.createFile(temp);
			}
			try {
				Files.writeString(temp, content, StandardCharsets.UTF_8);
				try {
					Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
				}
				catch (AtomicMoveNotSupportedException ex) {
					Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
				}
			}
			finally {
				Files.deleteIfExists(temp);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write " + name + " to " + directory, ex);
		}
	}

	/**
	 * Sets an existing key file to 0600 (files written before this class made them so).
	 */
	static void restrict(Path file) {
		try {
			if (Files.isRegularFile(file) && posix(file.getParent())) {
				Files.setPosixFilePermissions(file, FILE_MODE);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot restrict " + file + " to its owner", ex);
		}
	}

	private static void createDirectory(Path directory) throws IOException {
		if (Files.isDirectory(directory)) {
			return;
		}
		Path parent = directory.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
		if (posix(parent == null ? directory : parent)) {
			Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(DIRECTORY_MODE));
		}
		else {
			Files.createDirectory(directory);
		}
	}

	private static boolean posix(Path somewhere) {
		return somewhere.getFileSystem().supportedFileAttributeViews().contains("posix");
	}

}
