package io.numshield.gateway.routing;

import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;

/**
 * The HTTP client the gateway forwards with (Spring Cloud Gateway Server MVC takes the
 * {@link ClientHttpRequestFactory} bean): Apache HttpClient 5 with a pool of keep-alive
 * connections per service, sized for Tomcat's worker threads, no retries (a retried bind
 * is the client's decision, with its Idempotency-Key), no redirects, no cookies.
 */
@Configuration(proxyBeanMethods = false)
class ProxyClientConfiguration {

	@Bean(destroyMethod = "close")
	CloseableHttpClient proxyHttpClient(ProxyProperties properties) {
		PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
			.setMaxConnTotal(properties.maxConnections())
			.setMaxConnPerRoute(properties.maxConnections())
			.setDefaultConnectionConfig(properties.connectionConfig())
			.build();
		return HttpClients.custom()
			.setConnectionManager(connections)
			.setDefaultRequestConfig(
					RequestConfig.custom().setResponseTimeout(Timeout.of(properties.responseTimeout())).build())
			.disableAutomaticRetries()
			.disableRedirectHandling()
			.disableCookieManagement()
			.disableContentCompression()
			.build();
	}

	/**
	 * The hot path's asynchronous client ({@code numshield.gateway.hot-path.enabled},
	 * default true): nothing of it is started when the switch is off.
	 */
	@Bean(destroyMethod = "close")
	@ConditionalOnBooleanProperty(name = "numshield.gateway.hot-path.enabled", matchIfMissing = true)
	AsyncProxy asyncProxy(ProxyProperties properties, ServiceProperties services, Upstreams upstreams) {
		return new AsyncProxy(properties, services, upstreams);
	}

	/**
	 * Every service's instances and which of them refused connections lately, for both
	 * proxy paths.
	 */
	@Bean
	Upstreams upstreams(ServiceProperties services, ProxyProperties properties) {
		return new Upstreams(services, properties);
	}

	@Bean
	ClientHttpRequestFactory gatewayClientHttpRequestFactory(CloseableHttpClient proxyHttpClient) {
		return new HttpComponentsClientHttpRequestFactory(proxyHttpClient);
	}

}
