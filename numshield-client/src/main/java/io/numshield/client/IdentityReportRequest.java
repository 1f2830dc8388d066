package io.numshield.client;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/identity-reports}: who holds a party A number on the platform's side.
 * {@code idType} {@code ID_CARD}, {@code PASSPORT}, {@code HK_MACAO_PERMIT} or
 * {@code TAIWAN_PERMIT}; {@code validUntil} ({@code null}: it does not run out) in the
 * future.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IdentityReportRequest(String phone, String name, String idType, String idNumber,
		@Nullable Instant validUntil) {

	public static IdentityReportRequest of(String phone, String name, String idType, String idNumber) {
		return new IdentityReportRequest(phone, name, idType, idNumber, null);
	}

	public IdentityReportRequest withValidUntil(Instant until) {
		return new IdentityReportRequest(phone, name, idType, idNumber, until);
	}

	/** Without the phone, the name and the document's number: logging it leaks none. */
	@Override
	public String toString() {
		return "IdentityReportRequest[idType=" + idType + ", validUntil=" + validUntil + "]";
	}
}
