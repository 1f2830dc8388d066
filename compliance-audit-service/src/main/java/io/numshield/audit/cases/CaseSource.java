package io.numshield.audit.cases;

import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualNumber;

import java.time.Instant;

/** What a case is opened from: exactly one of these. */
public sealed interface CaseSource {

	/** The kind, as stored and answered ({@code SIGNAL}, {@code TRACE}, ...). */
	String type();

	/** A row of {@code signal} (a detection, ADR 0029). */
	record FromSignal(String signalId) implements CaseSource {
		@Override
		public String type() {
			return "SIGNAL";
		}
	}

	/** Who held a virtual number at an instant, as a trace answers. */
	record FromTrace(VirtualNumber number, Instant at) implements CaseSource {
		@Override
		public String type() {
			return "TRACE";
		}
	}

	/** One binding. */
	record FromBinding(String bindingId) implements CaseSource {
		@Override
		public String type() {
			return "BINDING";
		}
	}

	/** The bindings a real number took part in during [from, to), as a party search. */
	record FromParty(RealNumber party, Instant from, Instant to) implements CaseSource {
		@Override
		public String type() {
			return "PARTY";
		}
	}

}
