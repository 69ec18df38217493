# Rugzak: `make run` starts the demo school, `make test` runs every check.
# Both create .venv and install what they need on a fresh Debian machine with Python 3.11.

PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DATA ?= portfolios
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint bench chromium pdf-libs clean

$(BIN)/python:
	@$(PY) -m venv $(VENV) 2>/dev/null || { \
		echo "Installing python3-venv (Debian)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv && \
		rm -rf $(VENV) && $(PY) -m venv $(VENV); }
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	@touch $@ $(VENV)/.run

chromium:
	@command -v chromium >/dev/null || { \
		echo "Installing Debian's Chromium for the browser tests"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

# WeasyPrint (the PDF booklet) loads Pango and HarfBuzz's subsetter through ctypes
# (/sbin: not on a normal user's PATH on Debian).
pdf-libs:
	@{ /sbin/ldconfig -p | grep -q libpangoft2-1.0 && /sbin/ldconfig -p | grep -q libharfbuzz-subset; } || { \
		echo "Installing Pango for the PDF booklet"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0; }

run: $(VENV)/.run pdf-libs
	$(BIN)/python -m server serve --demo --data $(DATA) --host $(HOST) --port $(PORT)

lint: $(VENV)/.test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(VENV)/.test chromium pdf-libs lint
	$(BIN)/pytest

bench: $(VENV)/.test
	$(BIN)/python bench/store_scaling.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
