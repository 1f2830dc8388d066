package io.numshield.binding.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A platform's report of who holds a party A number: the identity as ciphertext, its
 * blind indexes, its masked forms. Never changed once made; a newer report supersedes it.
 */
@Entity
@Table(name = "identity_report")
class IdentityReport {

	@Id
	@Column(name = "report_id")
	private String reportId;

	@Column(name = "platform_id")
	private String platformId;

	@Column(name = "phone_index")
	private String phoneIndex;

	@Column(name = "id_index")
	private String idIndex;

	@Column(name = "id_type")
	private String idType;

	private String identity;

	@Column(name = "masked_phone")
	private String maskedPhone;

	@Column(name = "masked_name")
	private String maskedName;

	@Column(name = "masked_id_number")
	private String maskedIdNumber;

	@Column(name = "valid_until")
	private @Nullable Instant validUntil;

	@Column(name = "created_at")
	private Instant createdAt;

	@Column(name = "created_by")
	private String createdBy;

	protected IdentityReport() {
	}

	IdentityReport(String reportId, String platformId, String phoneIndex, String idIndex, String idType,
			String identity, String maskedPhone, String maskedName, String maskedIdNumber, @Nullable Instant validUntil,
			Instant createdAt, String createdBy) {
		this.reportId = reportId;
		this.platformId = platformId;
		this.phoneIndex = phoneIndex;
		this.idIndex = idIndex;
		this.idType = idType;
		this.identity = identity;
		this.maskedPhone = maskedPhone;
		this.maskedName = maskedName;
		this.maskedIdNumber = maskedIdNumber;
		this.validUntil = validUntil;
		this.createdAt = createdAt;
		this.createdBy = createdBy;
	}

	IdentityReportView view() {
		return new IdentityReportView(reportId, maskedPhone, maskedName, idType, maskedIdNumber, createdAt, validUntil);
	}

	String platformId() {
		return platformId;
	}

}
