package io.numshield.console.session;

/** The gateway refused a call (or could not be reached); the page shows the problem. */
public class ApiCallFailed extends RuntimeException {

	private final ApiProblem problem;

	public ApiCallFailed(ApiProblem problem) {
		super(problem.status() + " " + problem.code() + ": " + problem.detail());
		this.problem = problem;
	}

	public ApiProblem problem() {
		return problem;
	}

}
