package io.numshield.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which local addresses a TCP port is listening on, as the kernel says
 * ({@code /proc/net/tcp} and {@code tcp6}): a service bound to loopback shows
 * {@code 127.0.0.1}, one bound to every interface {@code 0.0.0.0} or {@code ::}.
 */
public final class Listening {

	private Listening() {
	}

	public static List<String> addressesOf(int port) {
		List<String> addresses = new ArrayList<>();
		read(Path.of("/proc/net/tcp"), port, addresses);
		read(Path.of("/proc/net/tcp6"), port, addresses);
		return addresses;
	}

	private static void read(Path table, int port, List<String> addresses) {
		if (!Files.exists(table)) {
			return;
		}
		try {
			// read once: the table changes between two reads whenever a connection opens
			// or closes
			List<String> lines = Files.readAllLines(table);
			for (String line : lines.subList(1, lines.size())) {
				String[] f = line.trim().split("\\s+");
				String[] local = f[1].split(":");
				if (Integer.parseInt(local[1], 16) == port && f[3].equals("0A")) { // 0A:
																					// LISTEN
					addresses.add(address(local[0]));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String address(String hex) {
		if (hex.length() == 8) { // IPv4, little-endian
			return Integer.parseInt(hex.substring(6, 8), 16) + "." + Integer.parseInt(hex.substring(4, 6), 16) + "."
					+ Integer.parseInt(hex.substring(2, 4), 16) + "." + Integer.parseInt(hex.substring(0, 2), 16);
		}
		if (hex.equals("00000000000000000000000000000000")) {
			return "::";
		}
		if (hex.equals("00000000000000000000000001000000")) {
			return "::1";
		}
		if (hex.startsWith("0000000000000000FFFF0000")) {
			return address(hex.substring(24));
		}
		return hex;
	}

}
