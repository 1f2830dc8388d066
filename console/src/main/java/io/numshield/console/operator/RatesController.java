package io.numshield.console.operator;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Live bind and route rates from Prometheus ({@link PrometheusRates}); the panel is read
 * again every 5 s. Without a Prometheus configured the page says so.
 */
@Controller
class RatesController {

	private final PrometheusRates rates;

	RatesController(PrometheusRates rates) {
		this.rates = rates;
	}

	@GetMapping("/operator/rates")
	String page(Model model) {
		fill(model);
		return "operator/rates";
	}

	@GetMapping("/operator/rates/panel")
	String panel(Model model) {
		fill(model);
		return "operator/rates :: panel";
	}

	private void fill(Model model) {
		model.addAttribute("prometheus", rates.prometheus());
		if (rates.prometheus() == null) {
			return;
		}
		try {
			model.addAttribute("rates", rates.read());
		}
		catch (PrometheusRates.Unavailable ex) {
			model.addAttribute("unavailable", ex.getMessage());
		}
	}

}
