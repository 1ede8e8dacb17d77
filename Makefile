# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test console migrate lint typecheck bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

## make run: install, migrate, and start the bot (SQLite file + console + HTTP on localhost)
run: $(STAMP)
	$(BIN)/assemblee migrate
	$(BIN)/assemblee run

## make test: install and run the whole suite, end-to-end tests included
test: $(STAMP)
	$(BIN)/python -m pytest -q

console: $(STAMP)
	$(BIN)/assemblee console

migrate: $(STAMP)
	$(BIN)/assemblee migrate

lint: $(STAMP)
	$(BIN)/ruff check core storage app adapters

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/core_throughput.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
