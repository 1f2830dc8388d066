package io.numshield.audit.query;

import java.util.List;

/**
 * What a party search found: the bindings the number took part in, the real-name reports
 * of it (or of the searched document), and the AXG groups it was a member of with their
 * bindings.
 */
public record PartyFindings(List<Holder> holders, List<ReportedIdentity> identityReports,
		List<GroupMembership> groups) {
}
