# Set-up and everyday commands. `make serve` and `make test` each set everything up first.
# The set-up is plain pip, as a user installs: `pip install -e '.[dev]'` into .venv.
PYTHON ?= python3
PORT   ?= 8000
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

# Which Python made .venv, and which $(PYTHON) is: its prefix and version. When they differ
# (another Python, or no .venv), the set-up starts again from a new .venv.
IDENTIFY   := import sys; print(sys.base_prefix, *sys.version_info[:3])
PYTHON_ID  := $(shell $(PYTHON) -c '$(IDENTIFY)' 2>/dev/null)
VENV_ID    := $(shell $(BIN)/python -c '$(IDENTIFY)' 2>/dev/null)

.PHONY: setup browser services serve test lint bench bench-quick bench-screening bench-faults clean FORCE

setup: $(STAMP)

ifneq ($(PYTHON_ID),$(VENV_ID))
$(STAMP): FORCE
endif

# The stamp is written last, so a set-up that failed is run again by the next `make`.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "make: pht-triage needs Python 3.11 or newer, but PYTHON=$(PYTHON) is" \
	    "$$($(PYTHON) --version 2>/dev/null || echo 'not found')." \
	    "Run make with PYTHON=python3.11 (or 3.12, 3.13)." >&2; exit 1; }
	@if [ "$(PYTHON_ID)" != "$(VENV_ID)" ]; then rm -rf $(VENV); fi
	rm -f $(STAMP)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -c "import triage; from importlib.metadata import version as v; print('experta', v('experta'), 'frozendict', v('frozendict'))"
	touch $(STAMP)

FORCE:

# The browser tests' chromium: Debian's package (Playwright never downloads a browser here).
# Run as root, as CI does; without it the browser tests are skipped with a message.
browser:
	@test -x /usr/bin/chromium || { apt-get update -q && apt-get install -y -q chromium; }

# Redis and HAProxy for the two-instance test (tests/api/test_instances.py): Debian's packages,
# installed when missing. The test starts its own on 127.0.0.1 and stops them; without them it is
# skipped with a message. The packages' own services are not needed: the test runs the binaries.
services:
	@test -x /usr/bin/redis-server -a -x /usr/sbin/haproxy || { apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends redis-server haproxy; }

serve: $(STAMP)
	$(BIN)/triage serve --port $(PORT)

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

bench-quick: $(STAMP)
	$(BIN)/python -m benchmarks.run --quick

bench-screening: $(STAMP)
	$(BIN)/python -m benchmarks.screening --quick

bench-faults: $(STAMP)
	$(BIN)/python -m benchmarks.faults --quick

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
