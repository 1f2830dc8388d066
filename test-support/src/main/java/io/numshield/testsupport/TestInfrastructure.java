package io.numshield.testsupport;

import io.numshield.core.crypto.ApiKeySecretKeyset;
import io.numshield.core.crypto.ProtectionKeys;
import io.numshield.core.token.Audience;
import io.numshield.core.token.Role;
import io.numshield.core.token.TokenClaims;
import io.numshield.core.token.TokenKeys;
import io.numshield.core.token.TokenSigner;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.boot.SpringApplication;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Decides, once per JVM, where PostgreSQL and Redis come from, in this order:
 * <ol>
 * <li>{@code NUMSHIELD_TEST_POSTGRES_URL} (a JDBC URL of a server whose user may create
 * databases) and {@code NUMSHIELD_TEST_REDIS_URL} ({@code redis://host:port}), when
 * set;</li>
 * <li>Testcontainers, when a Docker engine answers;</li>
 * <li>the local servers on 127.0.0.1:5432 (user postgres, trust) and 127.0.0.1:6379;</li>
 * <li>else a failure that names all three.</li>
 * </ol>
 * {@code make test} chooses before the tests start ({@code scripts/common.sh},
 * {@code test_servers}): the servers it finds or starts are passed as the environment of
 * the first case, with the admin role's password ({@code PGPASSWORD}); nothing is passed
 * when it leaves them to Testcontainers. Each run gets its own database
 * ({@code nstest_<run>}, dropped at exit) and its own Redis key prefix ({@code t<run>:}),
 * so runs never see each other's data.
 * <p>
 * With {@code NUMSHIELD_TEST_REDIS_CLUSTER=1} the tests get a Redis Cluster of this JVM's
 * own instead of the single Redis (3 masters, 3 replicas, {@link RedisClusterProcess}):
 * {@link #redisUrl()} then names its six nodes, which is how a deployment names a cluster
 * ({@code NUMSHIELD_REDIS_URL}). PostgreSQL comes from where it would otherwise.
 */
public final class TestInfrastructure {

	private static volatile TestInfrastructure instance;

	/** The name of Spring Boot's JVM shutdown hook thread. */
	private static final String SPRING_SHUTDOWN_HOOK = "SpringApplicationShutdownHook";

	private final AtomicBoolean dropped = new AtomicBoolean();

	private final String runId;

	private final String adminJdbcUrl;

	private final String user;

	private final String password;

	private final String databaseName;

	private final String redisUrl;

	private final String source;

	private final RedisClusterProcess cluster;

	private final Path keysDir;

	private final Path tokenKeysDir;

	private final TokenSigner tokenSigner;

	private TestInfrastructure() {
		this.runId = UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
		this.databaseName = "nstest_" + runId;
		String pgEnv = System.getenv("NUMSHIELD_TEST_POSTGRES_URL");
		String redisEnv = System.getenv("NUMSHIELD_TEST_REDIS_URL");
		if (pgEnv != null && redisEnv != null) {
			this.adminJdbcUrl = pgEnv;
			this.user = envOr("NUMSHIELD_TEST_POSTGRES_USER", "postgres");
			this.password = envOr("NUMSHIELD_TEST_POSTGRES_PASSWORD", "");
			this.redisUrl = redisEnv;
			this.source = "environment";
		}
		else if (dockerRuns()) {
			PostgreSQLContainer pg = new PostgreSQLContainer("postgres:16-alpine");
			pg.start();
			GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
			redis.start();
			this.adminJdbcUrl = pg.getJdbcUrl();
			this.user = pg.getUsername();
			this.password = pg.getPassword();
			this.redisUrl = "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
			this.source = "Testcontainers";
		}
		else if (localServersAnswer()) {
			this.adminJdbcUrl = "jdbc:postgresql://127.0.0.1:5432/postgres";
			this.user = "postgres";
			this.password = "";
			this.redisUrl = "redis://127.0.0.1:6379";
			this.source = "local servers";
		}
		else {
			throw new IllegalStateException("no PostgreSQL and Redis for tests: set NUMSHIELD_TEST_POSTGRES_URL and "
					+ "NUMSHIELD_TEST_REDIS_URL, or run a Docker engine for Testcontainers, or start local servers on "
					+ "127.0.0.1:5432 (user postgres) and 127.0.0.1:6379");
		}
		this.cluster = "1".equals(System.getenv("NUMSHIELD_TEST_REDIS_CLUSTER")) ? startCluster() : null;
		createDatabase();
		try {
			this.keysDir = Files.createTempDirectory("numshield-test-keys");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		ProtectionKeys.generate().writeTo(keysDir);
		ApiKeySecretKeyset.generate().writeTo(keysDir);
		try {
			this.tokenKeysDir = Files.createTempDirectory("numshield-test-token-keys");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		TokenKeys.generate(tokenKeysDir);
		this.tokenSigner = new TokenSigner(TokenKeys.loadSigningKey(tokenSigningKey()));
		// dropped once Spring Boot's shutdown hook has closed this JVM's test contexts
		// (it runs its handlers last), and by a hook of its own where no context started
		SpringApplication.getShutdownHandlers().add(this::dropDatabase);
		Runtime.getRuntime().addShutdownHook(new Thread(this::dropDatabaseAfterSpring, "drop-test-database"));
	}

	/** The infrastructure of this JVM's test run. */
	public static TestInfrastructure get() {
		if (instance == null) {
			synchronized (TestInfrastructure.class) {
				if (instance == null) {
					instance = new TestInfrastructure();
				}
			}
		}
		return instance;
	}

	/**
	 * Registers datasource, Redis, keys and the token public keys for a Spring test
	 * context (the gateway's tests add the signing key).
	 */
	public void register(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", this::jdbcUrl);
		registry.add("spring.datasource.username", () -> user);
		registry.add("spring.datasource.password", () -> password);
		registry.add("numshield.redis.url", this::redisUrl);
		registry.add("numshield.redis.key-prefix", this::keyPrefix);
		registry.add("numshield.keys.dir", keysDir::toString);
		registry.add("numshield.token.public-keys", () -> tokenPublicKeys().toString());
	}

	public String jdbcUrl() {
		URI admin = URI.create(adminJdbcUrl.substring("jdbc:".length()));
		return "jdbc:" + admin.getScheme() + "://" + admin.getAuthority() + "/" + databaseName;
	}

	public String user() {
		return user;
	}

	public String password() {
		return password;
	}

	/**
	 * This run's Redis: one address, or a cluster's every node, comma-separated
	 * ({@code numshield.redis.url}).
	 */
	public String redisUrl() {
		return cluster != null ? cluster.url() : redisUrl;
	}

	/**
	 * This run's Redis Cluster, when {@code NUMSHIELD_TEST_REDIS_CLUSTER=1} asked for
	 * one.
	 */
	public java.util.Optional<RedisClusterProcess> cluster() {
		return java.util.Optional.ofNullable(cluster);
	}

	/**
	 * A Redisson client of this run's Redis, a single server or the cluster (the caller
	 * shuts it down).
	 */
	public org.redisson.api.RedissonClient redisson() {
		org.redisson.config.Config config = new org.redisson.config.Config();
		config.setCodec(org.redisson.client.codec.StringCodec.INSTANCE);
		if (cluster != null) {
			config.useClusterServers()
				.addNodeAddress(redisUrl().split(","))
				.setReadMode(org.redisson.config.ReadMode.MASTER);
		}
		else {
			config.useSingleServer().setAddress(redisUrl);
		}
		return org.redisson.Redisson.create(config);
	}

	public String keyPrefix() {
		return "t" + runId + ":";
	}

	public Path keysDir() {
		return keysDir;
	}

	/** The gateway's private token key of this run (a JWK file, owner-only). */
	public Path tokenSigningKey() {
		return tokenKeysDir.resolve(TokenKeys.SIGNING_FILE);
	}

	/** The public keys that this run's services accept (a JWK set file). */
	public Path tokenPublicKeys() {
		return tokenKeysDir.resolve(TokenKeys.PUBLIC_FILE);
	}

	/**
	 * A token for {@code role} (a PLATFORM's names {@code platformId}; a CARRIER's serves
	 * {@code pools}, or the pool {@code test-pool} when none are given) as this run's
	 * gateway would mint it.
	 */
	public String mintToken(Audience audience, String subject, Role role, String platformId, String... pools) {
		java.util.List<String> scope = role != Role.CARRIER ? java.util.List.of()
				: pools.length == 0 ? java.util.List.of("test-pool") : java.util.List.of(pools);
		return mintToken(audience, new TokenClaims(subject, role, role == Role.PLATFORM ? platformId : null, scope));
	}

	/**
	 * An internal token as the gateway of this run would mint it: five minutes, for one
	 * service.
	 */
	public String mintToken(Audience audience, TokenClaims claims) {
		return tokenSigner.mint(audience, claims, Instant.now(), Duration.ofMinutes(5));
	}

	public String databaseName() {
		return databaseName;
	}

	/**
	 * Where the servers came from: environment, Testcontainers or local servers (and a
	 * Redis Cluster of its own).
	 */
	public String source() {
		return cluster != null ? source + ", Redis Cluster " + cluster.url() : source;
	}

	public Connection connect() throws SQLException {
		return DriverManager.getConnection(jdbcUrl(), user, password);
	}

	private void createDatabase() {
		try (Connection c = DriverManager.getConnection(adminJdbcUrl, user, password);
				Statement s = c.createStatement()) {
			s.execute("CREATE DATABASE " + databaseName);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot create the test database on " + source, ex);
		}
	}

	/**
	 * The JVM runs its shutdown hooks concurrently. Dropping the database (which ends
	 * every connection to it) while Spring Boot's hook is still closing the cached test
	 * contexts leaves their background rounds (the outbox relay, the pool gauges) waiting
	 * out Hikari's connection timeout for a database that is gone, one stop after
	 * another: past Surefire's 30 s exit limit, the fork was killed (every
	 * binding-service IT run lost 30 s that way). So this hook waits for Spring's, whose
	 * handler drops the database once the contexts are closed.
	 */
	private void dropDatabaseAfterSpring() {
		long deadline = System.nanoTime() + Duration.ofMillis(300).toNanos();
		Thread spring = null;
		// the hooks are started one after another: give Spring's a moment to show up
		while (spring == null && System.nanoTime() < deadline) {
			spring = Thread.getAllStackTraces()
				.keySet()
				.stream()
				.filter(t -> SPRING_SHUTDOWN_HOOK.equals(t.getName()))
				.findFirst()
				.orElse(null);
			if (spring == null) {
				sleepQuietly(Duration.ofMillis(20));
			}
		}
		if (spring != null) {
			try {
				spring.join(Duration.ofSeconds(60));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		dropDatabase();
	}

	private static void sleepQuietly(Duration pause) {
		try {
			Thread.sleep(pause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void dropDatabase() {
		if (!dropped.compareAndSet(false, true)) {
			return;
		}
		try (Connection c = DriverManager.getConnection(adminJdbcUrl, user, password);
				Statement s = c.createStatement()) {
			s.execute("DROP DATABASE IF EXISTS " + databaseName + " WITH (FORCE)");
		}
		catch (SQLException ex) {
			// the run is over; a leftover database is named after its run and harmless
		}
	}

	private static RedisClusterProcess startCluster() {
		if (!RedisClusterProcess.installed()) {
			throw new IllegalStateException(
					"NUMSHIELD_TEST_REDIS_CLUSTER=1 needs redis-server and redis-cli on the PATH");
		}
		try {
			RedisClusterProcess started = RedisClusterProcess.start(3, 1, Duration.ofSeconds(5), java.util.List.of());
			Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-redis-cluster"));
			System.err.println(
					"NUMSHIELD_TEST_REDIS_CLUSTER=1: the tests of this JVM use the Redis Cluster " + started.url());
			return started;
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot start the test Redis Cluster", ex);
		}
	}

	private static boolean localServersAnswer() {
		return answers("127.0.0.1", 5432) && answers("127.0.0.1", 6379);
	}

	private static boolean answers(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static boolean dockerRuns() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

	private static String envOr(String name, String fallback) {
		String value = System.getenv(name);
		return value == null ? fallback : value;
	}

}
