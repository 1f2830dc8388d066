package io.numshield.console.session;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Every page knows who is signed in ({@code me}: key id and role, for the navigation);
 * the secret is in the object but no template reads it.
 */
@ControllerAdvice
class CurrentKeyAdvice {

	@ModelAttribute("me")
	@Nullable SignedInView me(HttpServletRequest request) {
		return of(request);
	}

	/**
	 * The request's signed-in key as a page shows it, or null: for the handlers whose
	 * model the {@code @ModelAttribute} above does not fill (an
	 * {@code @ExceptionHandler}'s).
	 */
	static @Nullable SignedInView of(HttpServletRequest request) {
		SignedInKey key = SignedInKey.of(request.getSession(false));
		return key == null ? null : new SignedInView(key.keyId(), key.role().name());
	}

	/** What a page may show of the key. */
	public record SignedInView(String keyId, String role) {
	}

}
