# Set-up and everyday commands. `make serve` and `make test` each set everything up first.
# The set-up is plain pip, as a user installs: `pip install -e '.[dev]'` into .venv.
PYTHON ?= python3
PORT   ?= 8000
DOCS_PORT ?= 8001
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

# Which Python made .venv, and which $(PYTHON) is: its prefix and version. When they differ
# (another Python, or no .venv), the set-up starts again from a new .venv.
IDENTIFY   := import sys; print(sys.base_prefix, *sys.version_info[:3])
PYTHON_ID  := $(shell $(PYTHON) -c '$(IDENTIFY)' 2>/dev/null)
VENV_ID    := $(shell $(BIN)/python -c '$(IDENTIFY)' 2>/dev/null)

LFORMS_VERSION := 40.1.3
LFORMS := .lforms/lforms-$(LFORMS_VERSION)

.PHONY: setup system-parts browser curl lforms services serve test lint docs docs-serve bench bench-quick bench-screening bench-faults clean FORCE

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

# The HTTP examples of the docs are run with curl (tests/docs/): Debian's package, when missing.
curl:
	@command -v curl >/dev/null || { apt-get update -q && apt-get install -y -q curl; }

# The browser tests' FHIR form filler: NLM's LHC-Forms, the `lforms` package from the npm
# registry (its built files only: `npm pack`, no dependencies, no install scripts), in .lforms/
# (git-ignored). Without it the LHC-Forms tests are skipped with a message.
lforms: $(LFORMS)/package.json

$(LFORMS)/package.json:
	@command -v npm >/dev/null || { apt-get update -q && apt-get install -y -q npm; }
	rm -rf $(LFORMS) && mkdir -p $(LFORMS)
	cd .lforms && npm pack --silent lforms@$(LFORMS_VERSION) >/dev/null
	tar -xzf .lforms/lforms-$(LFORMS_VERSION).tgz -C $(LFORMS) --strip-components=1
	rm -f .lforms/lforms-$(LFORMS_VERSION).tgz
	test -f $(LFORMS)/dist/lforms/webcomponent/main.js

# Redis and HAProxy for the two-instance test (tests/test_instances.py): Debian's packages,
# installed when missing. The test starts its own on 127.0.0.1 and stops them; without them it is
# skipped with a message. The packages' own services are not needed: the test runs the binaries.
services:
	@test -x /usr/bin/redis-server -a -x /usr/sbin/haproxy || { apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends redis-server haproxy; }

serve: $(STAMP)
	$(BIN)/triage serve --port $(PORT)

# What some tests need beyond Python (Chromium, LHC-Forms, Redis and HAProxy, curl): installed
# when missing if make runs as root with apt (as CI does); otherwise those tests say what is missing
# and are skipped, and `sudo make system-parts` installs them.
system-parts:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  $(MAKE) --no-print-directory browser curl lforms services; \
	else \
	  echo "make: not root: the browser, LHC-Forms and two-instance tests skip what is missing (sudo make system-parts)"; \
	fi

test: $(STAMP) system-parts
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# The documentation site, from docs/ into site/: strict, so a broken link or any warning fails it.
# NO_MKDOCS_2_WARNING silences the theme's notice about its future; see docs/explanation/development.md.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

docs-serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:$(DOCS_PORT)

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

bench-quick: $(STAMP)
	$(BIN)/python -m benchmarks.run --quick

bench-screening: $(STAMP)
	$(BIN)/python -m benchmarks.screening --quick

bench-faults: $(STAMP)
	$(BIN)/python -m benchmarks.faults --quick

clean:
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache .hypothesis
