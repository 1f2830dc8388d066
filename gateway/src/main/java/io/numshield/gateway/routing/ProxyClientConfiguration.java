package io.numshield.gateway.routing;

import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;

/**
 * The HTTP client the gateway forwards with (Spring Cloud Gateway Server MVC takes the
 * {@link ClientHttpRequestFactory} bean): Apache HttpClient 5 with a pool of keep-alive
 * connections per service, sized for Tomcat's worker threads, no retries (a retried bind is the
 * client's decision, with its Idempotency-Key), no redirects, no cookies.
 */
@Configuration(proxyBeanMethods = false)
class ProxyClientConfiguration {

	@Bean(destroyMethod = "close")
	CloseableHttpClient proxyHttpClient(ProxyProperties properties) {
		PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
			.setMaxConnTotal(properties.maxConnections())
			.setMaxConnPerRoute(properties.maxConnections())
			.setDefaultConnectionConfig(ConnectionConfig.custom()
				.setConnectTimeout(Timeout.of(properties.connectTimeout()))
				.setSocketTimeout(Timeout.of(properties.responseTimeout()))
				.setTimeToLive(5, TimeUnit.MINUTES)
				.build())
			.build();
		return HttpClients.custom()
			.setConnectionManager(connections)
			.setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(properties.responseTimeout())).build())
			.disableAutomaticRetries()
			.disableRedirectHandling()
			.disableCookieManagement()
			.disableContentCompression()
			.build();
	}

	@Bean
	ClientHttpRequestFactory gatewayClientHttpRequestFactory(CloseableHttpClient proxyHttpClient) {
		return new HttpComponentsClientHttpRequestFactory(proxyHttpClient);
	}
}
