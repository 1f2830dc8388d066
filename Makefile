# NumShield: the two commands are `make run` and `make test`.
.PHONY: run stop test test-cluster bench build demo

run:   ## build, start every service in the background, create the demo pool and platform
	@scripts/run.sh

demo:  ## bind -> route -> call event -> trace through the gateway with the demo keys (after make run)
	@scripts/demo.sh

stop:  ## stop what make run started
	@scripts/stop.sh

test:  ## every test, against real PostgreSQL and Redis
	@scripts/test.sh

test-cluster: ## the lease, routing, callback and audit suites on a Redis Cluster of their own (docs/testing.md)
	@scripts/test-cluster.sh

# The second step installs the Java client (and the parent pom it inherits from) into ~/.m2 as
# io.numshield:numshield-client (docs/client.md); the first ran the gates on the same sources.
build: ## compile and package without tests; install numshield-client into the local Maven repository
	@bash -c 'source scripts/common.sh && pick_jdk && ./mvnw -B -q -ntp -DskipTests package \
	  && ./mvnw -B -q -ntp -DskipTests -Denforcer.skip -Dcheckstyle.skip -Dspring-javaformat.validate.skip \
	     install -pl numshield-client -am'

bench: ## every figure of issue 10 next to redis-benchmark, with its target (see docs/benchmarks.md)
	@bench/bench.sh
