package io.numshield.support.security;

import io.numshield.core.token.InternalToken;
import io.numshield.support.web.Problems;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every request but health and metrics must carry the gateway's internal token (HS256, issuer
 * {@value InternalToken#ISSUER}, audience {@value InternalToken#AUDIENCE}, at most five minutes
 * ahead, {@code platformId} on PLATFORM tokens and on no other: {@link PlatformClaimValidator}). No
 * token, a bad signature, a wrong audience, an expired token or a misplaced platform claim: 401
 * UNAUTHENTICATED; a
 * role the service's {@link EndpointRules} do not allow: 403 FORBIDDEN.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(InternalTokenProperties.class)
public class InternalTokenSecurityConfiguration {

	/** Allowed clock difference between the gateway and a service (Spring's default is 60 s; the contract is strict). */
	static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

	@Bean
	JwtDecoder internalTokenDecoder(InternalTokenProperties properties) {
		SecretKeySpec key = new SecretKeySpec(properties.internalTokenSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				new JwtTimestampValidator(CLOCK_SKEW), new JwtIssuerValidator(InternalToken.ISSUER),
				new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(InternalToken.AUDIENCE)),
				new JwtClaimValidator<Instant>("exp", exp -> exp != null
						&& !exp.isAfter(Instant.now().plus(InternalToken.MAX_LIFETIME).plus(CLOCK_SKEW))),
				new JwtClaimValidator<String>("role", role -> role != null
						&& List.of("PLATFORM", "CARRIER", "REGULATOR", "OPERATOR").contains(role)),
				new PlatformClaimValidator()));
		return new CachingJwtDecoder(decoder, CLOCK_SKEW);
	}

	@Bean
	SecurityFilterChain internalTokenFilterChain(HttpSecurity http, JwtDecoder decoder, EndpointRules rules)
			throws Exception {
		JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
		authorities.setAuthoritiesClaimName("role");
		authorities.setAuthorityPrefix("ROLE_");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(authorities);
		http.csrf(csrf -> csrf.disable())
			.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.authorizeHttpRequests(auth -> {
				auth.requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info", "/actuator/prometheus",
						"/error").permitAll();
				rules.apply(auth);
				auth.anyRequest().denyAll();
			})
			.oauth2ResourceServer(o -> o.jwt(j -> j.decoder(decoder).jwtAuthenticationConverter(converter))
				.authenticationEntryPoint((request, response, ex) -> write(response, HttpStatus.UNAUTHORIZED,
						"UNAUTHENTICATED", "a valid internal token is required", request.getRequestURI()))
				.accessDeniedHandler((request, response, ex) -> write(response, HttpStatus.FORBIDDEN, "FORBIDDEN",
						"this role may not call this endpoint", request.getRequestURI())))
			.exceptionHandling(e -> e
				.authenticationEntryPoint((request, response, ex) -> write(response, HttpStatus.UNAUTHORIZED,
						"UNAUTHENTICATED", "a valid internal token is required", request.getRequestURI()))
				.accessDeniedHandler((request, response, ex) -> write(response, HttpStatus.FORBIDDEN, "FORBIDDEN",
						"this role may not call this endpoint", request.getRequestURI())));
		return http.build();
	}

	private static void write(jakarta.servlet.http.HttpServletResponse response, HttpStatus status, String code,
			String detail, String instance) throws java.io.IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getWriter().write(Problems.json(status, code, detail, instance));
	}
}
