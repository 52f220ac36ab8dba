# Two front-door targets: `make play` and `make test`. Each creates the virtualenv when
# missing and installs the project from this checkout (editable, with the dev extra).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: play test lint bench clean schema

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

play: $(STAMP)
	$(BIN)/wargame play

# The tests start Python hundreds of times (the CLI, workers, agents): where the environment
# turns bytecode caching off, each start would compile the project's sources again.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest -n 2 --dist loadgroup

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

# The side-by-side race first: it exits 1 when a ratio fell against benchmarks/figures.json.
bench: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[dev,bench]'
	$(BIN)/python benchmarks/bench_openspiel.py --check
	for b in benchmarks/bench_*.py; do [ $$b = benchmarks/bench_openspiel.py ] || $(BIN)/python $$b; done

clean:
	rm -rf $(VENV) build dist *.egg-info

schema: $(STAMP)
	$(BIN)/wargame schema scenarios/schema
