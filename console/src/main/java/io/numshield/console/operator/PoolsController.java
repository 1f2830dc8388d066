package io.numshield.console.operator;

import io.numshield.console.session.GatewayApi;
import io.numshield.console.session.SignedInKey;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Pools, their blocks and utilisation over time ({@code GET /v1/pools}, each read also a
 * sample for the chart), and the free numbers per region summed from the same answer.
 */
@Controller
class PoolsController {

	private final GatewayApi gateway;

	private final PoolHistory history;

	private final Clock clock;

	PoolsController(GatewayApi gateway, PoolHistory history) {
		this.gateway = gateway;
		this.history = history;
		this.clock = Clock.systemUTC();
	}

	@GetMapping("/operator/pools")
	String pools(HttpSession session, Model model) {
		fill(session, model);
		return "operator/pools";
	}

	/** What the page's htmx swaps in every few seconds: the table and charts, fresh. */
	@GetMapping("/operator/pools/panel")
	String panel(HttpSession session, Model model) {
		fill(session, model);
		return "operator/pools :: panel";
	}

	@GetMapping("/operator/regions")
	String regions(HttpSession session, Model model) {
		List<PoolSnapshot> pools = read(session);
		Map<String, long[]> byRegion = new TreeMap<>();
		for (PoolSnapshot pool : pools) {
			String region = pool.region() == null || pool.region().isBlank() ? "(no region)" : pool.region();
			long[] sums = byRegion.computeIfAbsent(region, r -> new long[3]);
			sums[0] += pool.numbers();
			sums[1] += pool.numbersInUse();
			sums[2] += pool.free();
		}
		model.addAttribute("regions",
				byRegion.entrySet()
					.stream()
					.map(e -> new Region(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]))
					.toList());
		return "operator/regions";
	}

	private void fill(HttpSession session, Model model) {
		List<PoolSnapshot> pools = read(session);
		model.addAttribute("pools",
				pools.stream()
					.map(p -> new PoolWithChart(p, UtilisationChart.svg(p.poolId(), history.samples(p.poolId()))))
					.toList());
	}

	private List<PoolSnapshot> read(HttpSession session) {
		SignedInKey key = SignedInKey.required(session);
		List<PoolSnapshot> pools = gateway.call(key, "GET", "/v1/pools", null, null)
			.as(PoolSnapshot.PoolList.class)
			.pools();
		history.record(pools, clock.instant());
		return pools;
	}

	/** A pool and its chart (SVG markup the console drew, see UtilisationChart). */
	public record PoolWithChart(PoolSnapshot pool, String chart) {
	}

	/** Numbers, numbers in use and free numbers of the pools of one region. */
	public record Region(String region, long numbers, long inUse, long free) {
	}

}
