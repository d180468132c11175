# Lightbox: `make run` starts the console on the embedded default; `make test` runs every test.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint format bench services clean eval-assistant browser

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -e ".[dev]"
	@touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/lightbox migrate
	$(VENV)/bin/lightbox console

# Two test processes: the suite waits on subprocesses, PostgreSQL and Redis as much as it computes.
test: $(STAMP) services browser lint
	$(VENV)/bin/pytest -n 2

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

services:
	@bash deploy/services.sh

# The short chaos test is load-sensitive (it times recoveries of killed worker processes): it runs
# here, alone, rather than beside the rest of the suite.
bench: $(STAMP) services
	$(VENV)/bin/pytest -m soak
	$(PY) -m bench

clean:
	rm -rf $(VENV) data .pytest_cache

eval-assistant: $(STAMP)
	$(PY) -m bench.assistant_eval

# Debian's Chromium for the browser tests (tests/web/test_browser.py), installed when missing.
browser:
	@bash deploy/browser.sh
