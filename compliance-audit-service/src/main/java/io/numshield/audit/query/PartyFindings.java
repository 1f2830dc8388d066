package io.numshield.audit.query;

import java.util.List;

/**
 * What a party search found: the bindings the number took part in, and the real-name
 * reports of it (or of the searched document).
 */
public record PartyFindings(List<Holder> holders, List<ReportedIdentity> identityReports) {
}
