# The two commands a new machine needs: `make demo` and `make test`.
# Each runs scripts/setup.sh first, which installs only what is missing.
VENV := .venv/bin
PORT ?= 8700

.PHONY: setup demo test lint bench clean

setup:
	@bash scripts/setup.sh

demo: setup
	@$(VENV)/connector-bot demo --no-headed --port $(PORT)

lint: setup
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .
	$(VENV)/mypy

test: lint
	$(VENV)/pytest -q -n 2

# Times the bot on shops of 1,000 and 10,000 listings; see README, Benchmark.
bench: setup
	$(VENV)/python -m bench

clean:
	rm -rf recordings/*/ .mypy_cache .ruff_cache .pytest_cache
