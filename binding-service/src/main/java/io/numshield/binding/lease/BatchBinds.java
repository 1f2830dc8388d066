package io.numshield.binding.lease;

import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * {@code POST /v1/bindings:batch} (ADR 0023): up to {@link #MAX_ITEMS} binds of one
 * platform, each with its own result. The items' leases run at once on the lease scripts'
 * pipelined connection ({@link BindingService#createAsync}), not one after the other;
 * each item passes the single bind's rules (shape, pools, region, platform status,
 * blocklist, audit backlog), but the quota, which the batch reads exactly once and hands
 * out to its items in order. With an {@code Idempotency-Key}, the whole answer is
 * remembered and replayed ({@link IdempotentCreates#once}).
 */
@Service
public class BatchBinds {

	/** The most items one batch takes. */
	public static final int MAX_ITEMS = 100;

	/** Keeps a batch's idempotency keys apart from single creates'. */
	private static final String KEY_SCOPE = "batch:";

	private final BindingService bindings;

	private final IdempotentCreates creates;

	private final ItemProblems problems;

	BatchBinds(BindingService bindings, IdempotentCreates creates, ItemProblems problems) {
		this.bindings = bindings;
		this.creates = creates;
		this.problems = problems;
	}

	/**
	 * Binds the items. {@code body}: the items as the request gave them, the batch's
	 * idempotency fingerprint.
	 */
	public BatchAnswer bind(String platformId, List<Item> items, String body, @Nullable String key) {
		if (items.isEmpty() || items.size() > MAX_ITEMS) {
			throw BindingService.invalid("bindings must hold 1.." + MAX_ITEMS + " items");
		}
		if (key == null) {
			return run(platformId, items);
		}
		return creates.once(platformId, KEY_SCOPE, key, body, BatchAnswer.class, () -> run(platformId, items));
	}

	private BatchAnswer run(String platformId, List<Item> items) {
		long quotaLeft = bindings.quotaLeft(platformId);
		List<CompletableFuture<BindingView>> leases = new ArrayList<>(items.size());
		for (Item item : items) {
			CompletableFuture<BindingView> lease;
			if (item.invalid() != null) {
				lease = CompletableFuture.failedFuture(item.invalid());
			}
			else if (quotaLeft <= 0) {
				lease = CompletableFuture.failedFuture(new Refusal(ProblemCode.QUOTA_EXCEEDED,
						"the platform's maximum of active bindings is taken (by its bindings and this batch's)"));
			}
			else {
				quotaLeft--;
				lease = bindings.createAsync(platformId, item.request(), false).toCompletableFuture();
			}
			leases.add(lease);
		}
		List<BatchAnswer.Result> results = new ArrayList<>(items.size());
		for (int i = 0; i < leases.size(); i++) {
			try {
				results.add(BatchAnswer.Result.created(i, leases.get(i).join()));
			}
			catch (CompletionException ex) {
				results.add(BatchAnswer.Result.failed(i, problems.of(ex.getCause() != null ? ex.getCause() : ex)));
			}
		}
		return BatchAnswer.of(results);
	}

	/** One item: the bind as read and validated, or why it could not be. */
	public record Item(@Nullable BindingRequest request, @Nullable RuntimeException invalid) {
	}

}
