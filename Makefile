# Set-up and everyday commands. `make serve` and `make test` each set everything up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: setup serve test lint bench bench-quick clean

setup: $(STAMP)

$(STAMP): pyproject.toml overrides.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python --override overrides.txt -e '.[dev]'
	$(BIN)/python -c "import experta, frozendict; print('experta', experta.__version__, 'frozendict', frozendict.__version__)"
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/triage serve

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

bench-quick: $(STAMP)
	$(BIN)/python -m benchmarks.run --quick

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
