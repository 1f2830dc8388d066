package io.numshield.binding.platform;

/**
 * Port: tells call-routing-service where a platform's call events go and with which
 * (encrypted) secret.
 */
public interface CallbackMirror {

	void mirror(String platformId, String callbackUrl, String encryptedSecret);

	/**
	 * Removes the platform's callback target: the platform does not exist (its creation
	 * did not commit).
	 */
	void forgetTarget(String platformId);

}
