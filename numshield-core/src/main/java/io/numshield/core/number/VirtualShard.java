package io.numshield.core.number;

/**
 * One of a fixed number of virtual shards. Every Redis key of a lease carries its shard's
 * hash tag, so one Lua script on one shard sees everything a lease or a routing decision
 * needs, on a standalone Redis and on Redis Cluster alike. The shard is the management
 * number modulo {@link #COUNT}: consecutive blocks land on different shards, and a
 * carrier's lookup needs only the dialed number.
 */
public record VirtualShard(int id) {

	/** Fixed for the life of a deployment: changing it moves every lease. */
	public static final int COUNT = 64;

	public VirtualShard {
		if (id < 0 || id >= COUNT) {
			throw new IllegalArgumentException("shard outside 0.." + (COUNT - 1));
		}
	}

	public static VirtualShard of(ManagementNumber block) {
		return new VirtualShard((int) (Long.parseLong(block.digits()) % COUNT));
	}

	/**
	 * The shard of something that is not a number, such as a platform's own events: a
	 * stable hash of the key.
	 */
	public static VirtualShard forKey(String key) {
		return new VirtualShard(Math.floorMod(key.hashCode(), COUNT));
	}

	/** Two digits, as used in hash tags and binding ids. */
	public String tag() {
		return TAGS[id];
	}

	private static final String[] TAGS = new String[COUNT];

	static {
		for (int i = 0; i < COUNT; i++) {
			TAGS[i] = (i < 10 ? "0" : "") + i;
		}
	}

	public static VirtualShard fromTag(String tag) {
		if (tag == null || tag.length() != 2 || !Character.isDigit(tag.charAt(0))
				|| !Character.isDigit(tag.charAt(1))) {
			throw new IllegalArgumentException("a shard tag is two digits");
		}
		return new VirtualShard(Integer.parseInt(tag));
	}

	public static Iterable<VirtualShard> all() {
		return java.util.stream.IntStream.range(0, COUNT).mapToObj(VirtualShard::new).toList();
	}
}
