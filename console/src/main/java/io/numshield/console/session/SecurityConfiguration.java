package io.numshield.console.session;

import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Who may open what: the sign-in page and static files anyone; {@code /operator/**} an
 * OPERATOR key, {@code /regulator/**} a REGULATOR key (another role: 403 and the "not for
 * your role" page); everything else a signed-in key. CSRF on every POST (the token in the
 * session; htmx sends it as {@code X-CSRF-TOKEN}, console.js), and a
 * Content-Security-Policy that allows no inline script or style.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
			+ "base-uri 'none'; object-src 'none'";

	@Bean
	SecurityContextRepository securityContextRepository() {
		return new HttpSessionSecurityContextRepository();
	}

	@Bean
	SecurityFilterChain console(HttpSecurity http, SecurityContextRepository contexts) throws Exception {
		http.securityContext(context -> context.securityContextRepository(contexts))
			.authorizeHttpRequests(
					requests -> requests.dispatcherTypeMatchers(DispatcherType.FORWARD, DispatcherType.ERROR)
						.permitAll()
						.requestMatchers("/sign-in", "/denied", "/css/**", "/js/**", "/webjars/**", "/favicon.ico",
								"/actuator/health", "/actuator/health/**")
						.permitAll()
						.requestMatchers("/operator/**")
						.hasRole(ConsoleRole.OPERATOR.name())
						.requestMatchers("/regulator/**")
						.hasRole(ConsoleRole.REGULATOR.name())
						.anyRequest()
						.authenticated())
			.exceptionHandling(
					errors -> errors.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/sign-in"))
						.accessDeniedPage("/denied"))
			.logout(logout -> logout.logoutUrl("/sign-out")
				.logoutSuccessUrl("/sign-in?signedOut")
				.invalidateHttpSession(true)
				.deleteCookies("NUMSHIELD_CONSOLE"))
			.requestCache(cache -> cache.disable())
			.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
		return http.build();
	}

	/**
	 * No user store: keys are checked by the gateway at sign-in (no generated password).
	 */
	@Bean
	UserDetailsService noUsers() {
		return username -> {
			throw new UsernameNotFoundException("keys sign in through /sign-in");
		};
	}

}
