package io.numshield.support.security;

import io.numshield.core.token.TokenSigner;
import io.numshield.support.web.Problems;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every request but health and metrics must carry an internal token that only the gateway
 * can sign: ES256 with one of the gateway's public keys
 * ({@link TokenProperties#publicKeys()}), issuer {@value TokenSigner#ISSUER}, this
 * service's audience, at most {@code max-lifetime} ahead, and claims that fit the role (a
 * PLATFORM token names its platform, a CARRIER token its pools, no other token either:
 * {@link #roleClaims()}, {@link PlatformClaimValidator}). Any other algorithm (HS256 with
 * a shared secret included) is refused. No token, a bad signature, another service's
 * audience, an expired or ill-formed token: 401 UNAUTHENTICATED; a role the service's
 * {@link EndpointRules} do not allow: 403 FORBIDDEN.
 * <p>
 * Wherever Spring Security's servlet support is on the classpath (every service: a
 * service without an {@link EndpointRules} bean fails to start, closed). The gateway,
 * which signs these tokens and is not guarded by them, depends on service-support without
 * that starter (ADR 0017).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.springframework.security.config.annotation.web.builders.HttpSecurity")
@EnableConfigurationProperties(TokenProperties.class)
public class InternalTokenSecurityConfiguration {

	/**
	 * Allowed clock difference between the gateway and a service (Spring's default is 60
	 * s; the contract is strict).
	 */
	static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

	@Bean
	JwtDecoder internalTokenDecoder(TokenProperties properties) {
		return decoder(PublicKeySource.of(properties.publicKeys()), properties.audience().value(),
				properties.maxLifetime());
	}

	/**
	 * The decoder of tokens signed by one of {@code keys}, with every check above; public
	 * for the warm-up ({@link io.numshield.support.warmup.WarmUpIdentity}), whose decoder
	 * trusts a key of its own and must run the same code as the real one.
	 */
	public static JwtDecoder decoder(JWKSource<SecurityContext> keys, String audience, Duration maxLifetime) {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT));
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, keys));
		processor.setJWTClaimsSetVerifier((claims, context) -> {
			// Spring's validators below check the claims, with the contract's strict
			// clock skew
		});
		NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(CLOCK_SKEW),
				new JwtIssuerValidator(TokenSigner.ISSUER),
				new JwtClaimValidator<List<String>>("aud",
						aud -> aud != null && aud.size() == 1 && aud.contains(audience)),
				new JwtClaimValidator<Instant>("exp",
						exp -> exp != null && !exp.isAfter(Instant.now().plus(maxLifetime).plus(CLOCK_SKEW))),
				new JwtClaimValidator<String>("sub", sub -> sub != null && !sub.isBlank()), roleClaims(),
				new PlatformClaimValidator()));
		return new CachingJwtDecoder(decoder, CLOCK_SKEW);
	}

	/**
	 * The role is one of the four, and only a CARRIER names pools (at least one). Whether
	 * a {@code platformId} fits the role is {@link PlatformClaimValidator}'s check, not
	 * repeated here.
	 */
	static OAuth2TokenValidator<Jwt> roleClaims() {
		return jwt -> {
			String role = jwt.getClaimAsString("role");
			List<String> pools = jwt.hasClaim("pools") ? jwt.getClaimAsStringList("pools") : List.of();
			boolean valid = role != null && switch (role) {
				case "CARRIER" -> pools != null && !pools.isEmpty();
				case "PLATFORM", "REGULATOR", "OPERATOR" -> pools.isEmpty();
				default -> false;
			};
			return valid ? OAuth2TokenValidatorResult.success()
					: OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
							"an unknown role, or pools on a token that is not a CARRIER's", null));
		};
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
				auth.requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info",
						"/actuator/prometheus", "/error")
					.permitAll();
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
		// bytes in UTF-8: the servlet's writer would label the JSON charset=ISO-8859-1
		byte[] body = Problems.json(status, code, detail, instance).getBytes(StandardCharsets.UTF_8);
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

}
