# One task runner: the exact commands CI runs (.ci/run calls `make test` and `make lint`).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench train clean

$(STAMP): pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip 'setuptools>=77' wheel
	$(BIN)/pip install --quiet -e '.[dev,bench,dask]'
	touch $(STAMP)

demo: $(STAMP)
	TEXTCHECK_OFFLINE=1 TEXTCHECK_DB=$(VENV)/demo.db $(BIN)/textcheck compare 241560

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check textcheck tests benchmarks
	$(BIN)/ruff format --check textcheck tests benchmarks
	$(BIN)/mypy

train: $(STAMP)
	$(BIN)/textcheck train

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
