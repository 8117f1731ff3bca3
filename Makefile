# Two commands: `make run` (the whole local stack, foreground, demo data) and
# `make test` (every test on its own throwaway cluster). Each does its own set-up.
SHELL := /bin/bash
.PHONY: run run-scaled test setup demo bench soak lint

run:
	@deploy/local/run.sh

# The same stack beyond one machine: a streaming replica and PgBouncer (transaction mode).
run-scaled:
	@deploy/local/run-scaled.sh

test:
	@deploy/local/test.sh

setup:
	@deploy/local/setup.sh

demo:
	@deploy/local/demo.sh

bench:
	@bench/run.sh

# Issue 22: the stack under load with faults on a schedule, then the audit (SOAK_MINUTES=10).
soak:
	@bench/soak/run.sh

lint:
	@.venv/bin/ruff check pgrst webhook worker demo bench tests postgrest_compat service_common db/bin/check-released && .venv/bin/ruff format --check pgrst webhook worker demo bench tests postgrest_compat service_common db/bin/check-released
