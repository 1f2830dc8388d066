package io.numshield.gateway.routing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.core5.util.Timeout;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway talks to the services.
 *
 * @param maxConnections pooled keep-alive connections per service (at least Tomcat's max
 * threads)
 * @param connectTimeout time to open a connection to a service
 * @param responseTimeout time a service may take to answer; then 503 SERVICE_UNAVAILABLE
 * @param instanceDownFor how long an instance that refused a connection is tried only
 * after the others
 */
@Validated
@ConfigurationProperties("numshield.gateway.proxy")
record ProxyProperties(@DefaultValue("256") int maxConnections, @DefaultValue("1s") Duration connectTimeout,
		@DefaultValue("10s") Duration responseTimeout, @DefaultValue("2s") Duration instanceDownFor) {

	/**
	 * One pooled connection's settings, the same for the blocking and the asynchronous
	 * client.
	 */
	ConnectionConfig connectionConfig() {
		return ConnectionConfig.custom()
			.setConnectTimeout(Timeout.of(connectTimeout))
			.setSocketTimeout(Timeout.of(responseTimeout))
			.setTimeToLive(5, TimeUnit.MINUTES)
			.build();
	}
}
